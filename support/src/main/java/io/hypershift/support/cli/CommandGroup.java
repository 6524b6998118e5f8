package io.hypershift.support.cli;

import picocli.CommandLine;

/**
 * The top command of a binary that only groups subcommands: run without one, it is a usage error (exit 2 with the
 * usage), never a silent success.
 */
public abstract class CommandGroup implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public final void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
