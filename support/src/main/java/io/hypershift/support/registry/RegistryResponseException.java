package io.hypershift.support.registry;

/** A response the client cannot use: an unexpected status (5xx after the retries), or content it cannot parse. */
public final class RegistryResponseException extends RegistryException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public RegistryResponseException(String registry, String repository, int status, String detail) {
        super(registry, repository, where(registry, repository) + ": " + (status > 0 ? "HTTP " + status + ": " : "")
                + detail, null);
        this.status = status;
    }

    /** The HTTP status, or 0 when the status was fine but the content was not. */
    public int status() {
        return status;
    }

    @Override
    public String reason() {
        return status >= 500 ? "RegistryUnavailable" : "BadResponse";
    }
}
