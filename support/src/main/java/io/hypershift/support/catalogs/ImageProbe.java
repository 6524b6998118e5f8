package io.hypershift.support.catalogs;

import io.hypershift.support.releaseinfo.LocatedImage;
import java.util.Optional;

/**
 * Answers "does this image exist?" for catalog discovery. {@link RegistryImageProbe} asks real registries; tests
 * pass a set of images.
 */
@FunctionalInterface
public interface ImageProbe {
    /**
     * Where {@code image} exists (the pull spec that served it, after mirrors and RO, and its manifest digest), or
     * empty when the registry says it does not or that the pull secret may not see it (HyperShift's "manifest
     * unknown" and "unauthorized").
     *
     * @throws CatalogLookupException for any other failure (unreachable registry, TLS, server error): the image may
     *     exist, so discovery must not fall back to an older catalog
     */
    Optional<LocatedImage> locate(String image) throws CatalogLookupException;
}
