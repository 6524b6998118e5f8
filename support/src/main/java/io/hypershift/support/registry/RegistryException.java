package io.hypershift.support.registry;

import io.hypershift.support.text.SafeText;
import java.io.IOException;

/**
 * A registry request that failed. The message names the registry and the repository and says what to do; it never
 * contains a credential or a token. Subclasses say why: {@link ImageNotFoundException},
 * {@link RegistryAuthException}, {@link RegistryTlsException}, {@link RegistryConnectionException},
 * {@link DigestMismatchException}, {@link RegistryResponseException}.
 */
public abstract class RegistryException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String registry;
    private final String repository;

    protected RegistryException(String registry, String repository, String message, Throwable cause) {
        super(SafeText.message(message), cause);
        this.registry = registry;
        this.repository = repository;
    }

    /** The registry host ({@code host[:port]}) that was contacted. */
    public String registry() {
        return registry;
    }

    /** The repository within the registry, or {@code null} for a registry-level failure. */
    public String repository() {
        return repository;
    }

    /** A short reason in CamelCase, for logs and condition messages (e.g. {@code NotFound}). */
    public abstract String reason();

    static String where(String registry, String repository) {
        return repository == null ? "registry " + registry : "registry " + registry + " repository " + repository;
    }
}
