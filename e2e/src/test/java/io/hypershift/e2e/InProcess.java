package io.hypershift.e2e;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** The three binaries' command lines, run or parsed in the test's JVM exactly as their {@code main} would. */
final class InProcess {
    /** Exit code, stdout and stderr of one command. */
    record Run(int exitCode, String out, String err) {}

    private InProcess() {}

    /** Executes {@code args} on {@code root} (a binary's {@code Main.commandLine()}), capturing its output. */
    static Run execute(CommandLine root, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));
        int code = root.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Parses {@code args} as {@code main} would and returns the subcommand object they select, with its flags set: the
     * test then builds the options from it with the env it chooses ({@code System.getenv} cannot be set in-process).
     */
    static <T> T parse(CommandLine root, Class<T> command, List<String> args) {
        CommandLine.ParseResult parsed = root.parseArgs(args.toArray(String[]::new));
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        Object selected = parsed.commandSpec().userObject();
        if (!command.isInstance(selected)) {
            throw new IllegalArgumentException(args + " selects " + selected.getClass().getName() + ", not " + command.getName());
        }
        return command.cast(selected);
    }
}
