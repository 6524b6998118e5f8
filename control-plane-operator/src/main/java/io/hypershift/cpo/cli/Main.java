package io.hypershift.cpo.cli;

import io.hypershift.support.cli.CommandGroup;
import io.hypershift.support.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code control-plane-operator}: reconciles the HostedControlPlane in its namespace. */
@Command(
        name = "control-plane-operator",
        mixinStandardHelpOptions = true,
        versionProvider = CommandLines.ManifestVersion.class,
        description = "Renders the control-plane components of a HostedControlPlane from its release, through the "
                + "image registry overrides in OPENSHIFT_IMG_OVERRIDES.",
        subcommands = {RunCommand.class, CommandLine.HelpCommand.class})
public final class Main extends CommandGroup {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return CommandLines.create(new Main());
    }
}
