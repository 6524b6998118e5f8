package io.hypershift.support.catalogs;

import java.util.Optional;

/**
 * Answers "does this image exist?" for catalog discovery. {@link RegistryImageProbe} asks real registries; tests
 * pass a set of images.
 */
@FunctionalInterface
public interface ImageProbe {
    /**
     * The manifest digest of {@code image} when it exists, or empty when the registry says it does not or that the
     * pull secret may not see it (HyperShift's "manifest unknown" and "unauthorized").
     *
     * @throws CatalogLookupException for any other failure (unreachable registry, TLS, server error): the image may
     *     exist, so discovery must not fall back to an older catalog
     */
    Optional<String> digestOf(String image) throws CatalogLookupException;
}
