package io.hypershift.ignition.cli;

import io.hypershift.support.cli.CommandGroup;
import io.hypershift.support.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ignition-server}: serves Ignition payloads to the nodes of a hosted cluster. */
@Command(
        name = "ignition-server",
        mixinStandardHelpOptions = true,
        versionProvider = CommandLines.ManifestVersion.class,
        description = "Serves Ignition payloads that carry the data-plane mirror configuration, with image "
                + "references translated to the mirrors that serve them.",
        subcommands = {StartCommand.class, CommandLine.HelpCommand.class})
public final class Main extends CommandGroup {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return CommandLines.create(new Main());
    }
}
