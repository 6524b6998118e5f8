package io.hypershift.support.cli;

import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.manifests.ManifestException;
import io.hypershift.support.text.SafeText;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import picocli.CommandLine;

/**
 * The picocli setup the three binaries share: bad input, and an environment problem (a server that cannot be reached,
 * a name that does not resolve, a TLS handshake that fails), is one line on stderr and exit code 2, never a stack
 * trace; anything else is a bug, printed with its trace, exit code 1.
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
        Optional<String> unreachable = environmentProblem(ex);
        if (unreachable.isPresent()) {
            err.println(cl.getCommandSpec().root().name() + ": error: cannot reach the server: " + unreachable.get());
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

    /** The network failures that mean "not reachable from here", not a bug. */
    private static final List<Class<? extends Throwable>> UNREACHABLE = List.of(ConnectException.class,
            NoRouteToHostException.class, UnknownHostException.class, UnresolvedAddressException.class,
            HttpConnectTimeoutException.class, SSLHandshakeException.class);

    /**
     * When {@code ex} was caused by a server that cannot be reached (connection refused, no route, a name that does
     * not resolve, a connect timeout, a failed TLS handshake): one line with each distinct message of the chain,
     * for the caller to say which server it was.
     */
    public static Optional<String> environmentProblem(Throwable ex) {
        List<String> parts = new ArrayList<>();
        boolean unreachable = false;
        int depth = 0;
        for (Throwable t = ex; t != null && depth < 16; t = t.getCause(), depth++) {
            Throwable current = t;
            unreachable |= UNREACHABLE.stream().anyMatch(c -> c.isInstance(current));
            String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName()
                    : oneLine(t.getMessage());
            if (parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
        }
        return unreachable ? Optional.of(String.join(": ", parts)) : Optional.empty();
    }

    /** One terminal-safe line of bounded length ({@link SafeText#message(String)}). */
    static String oneLine(String s) {
        return s == null ? "" : SafeText.message(s).strip();
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
