package io.hypershift.support.registry;

/** The registry could not be reached, or stopped answering (refused, reset, timed out), after the retries. */
public final class RegistryConnectionException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public RegistryConnectionException(String registry, String repository, int attempts, Throwable cause) {
        super(registry, repository, "cannot reach " + where(registry, repository) + " after " + attempts
                + (attempts == 1 ? " attempt: " : " attempts: ") + describe(cause), cause);
    }

    private static String describe(Throwable t) {
        if (t instanceof DeadlineExceededException) {
            return t.getMessage();
        }
        if (t instanceof java.net.http.HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (t instanceof java.net.http.HttpTimeoutException) {
            return "timed out waiting for the response";
        }
        if (t instanceof java.net.ConnectException) {
            return "connection refused or unreachable";
        }
        String m = RegistryTlsException.rootMessage(t);
        String type = t.getClass().getSimpleName();
        return m.isEmpty() || m.equals(type) ? type : type + ": " + m;
    }

    @Override
    public String reason() {
        return "ConnectionFailed";
    }
}
