package io.hypershift.support.catalogs;

/**
 * The OLM annotations of a HostedCluster (or its HostedControlPlane) are invalid. The message starts with
 * HyperShift's exact text where HyperShift has one (SPEC §9) and goes on to name the annotations at fault; it is
 * the message of the {@code ValidOLMCatalogOverrides=False} condition.
 */
public final class InvalidCatalogOverridesException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidCatalogOverridesException(String message) {
        super(message);
    }
}
