package io.hypershift.operator.cli;

import io.hypershift.support.cli.CommandGroup;
import io.hypershift.support.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hypershift-operator}: the operator and the tools around it. */
@Command(
        name = "hypershift-operator",
        mixinStandardHelpOptions = true,
        versionProvider = CommandLines.ManifestVersion.class,
        description = "Reconciles HostedClusters with the management cluster's image registry overrides, "
                + "and the offline tools around it.",
        subcommands = {OverridesCommand.class, ReleaseInfoCommand.class, MirrorPolicyCommand.class, RunCommand.class,
            RenderCommand.class, DataPlaneCommand.class, DiagnoseCommand.class, InstallCommand.class, CommandLine.HelpCommand.class})
public final class Main extends CommandGroup {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests. */
    public static CommandLine commandLine() {
        return CommandLines.create(new Main());
    }
}
