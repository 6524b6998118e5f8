package io.hypershift.support.registry;

/** The registry refused access (401/403), or its token service did. Never carries the credential. */
public final class RegistryAuthException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public RegistryAuthException(String registry, String repository, String detail) {
        super(registry, repository, "unauthorized: " + where(registry, repository) + ": " + detail, null);
    }

    @Override
    public String reason() {
        return "Unauthorized";
    }
}
