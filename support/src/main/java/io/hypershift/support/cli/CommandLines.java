package io.hypershift.support.cli;

import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.manifests.ManifestException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The picocli setup the three binaries share: bad input is one line on stderr and exit code 2, never a stack trace;
 * anything else is a bug, printed with its trace, exit code 1.
 */
public final class CommandLines {
    /** Exit code for bad input, as for a usage error. */
    public static final int BAD_INPUT = 2;

    private CommandLines() {}

    public static CommandLine create(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler(CommandLines::handle);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (isBadInput(ex)) {
            err.println(cl.getCommandSpec().root().name() + ": error: " + oneLine(ex.getMessage()));
            err.flush();
            return BAD_INPUT;
        }
        ex.printStackTrace(err);
        err.flush();
        return 1;
    }

    /** Whether an exception is the user's input being wrong rather than a bug. */
    public static boolean isBadInput(Throwable ex) {
        return ex instanceof UserInputException || ex instanceof ManifestException || ex instanceof InvalidReferenceException;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').strip();
    }

    /** Reads the version from the jar manifest (the project version), or "dev" when run from classes. */
    public static final class ManifestVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CommandLines.class.getPackage().getImplementationVersion();
            return new String[] {"${COMMAND-FULL-NAME} " + (v == null ? "dev" : v)};
        }
    }
}
