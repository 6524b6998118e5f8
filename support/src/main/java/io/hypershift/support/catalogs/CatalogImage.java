package io.hypershift.support.catalogs;

import io.hypershift.support.imageref.ImageReference;
import java.util.Objects;

/**
 * A discovered catalog index image.
 *
 * @param catalog the catalog
 * @param pullSpec the index image by tag, e.g. {@code registry.redhat.io/redhat/redhat-operator-index:v4.17}; the
 *     ImageStream tag imports it (OpenShift applies its own mirror policies to the import)
 * @param digest its manifest digest at discovery time ({@code sha256:…})
 * @param servedBy the pull spec that served it: a mirror of the management cluster, its RO target, or
 *     {@code pullSpec} itself
 */
public record CatalogImage(Catalog catalog, String pullSpec, String digest, String servedBy) {
    public CatalogImage {
        Objects.requireNonNull(catalog);
        Objects.requireNonNull(pullSpec);
        Objects.requireNonNull(digest);
        Objects.requireNonNull(servedBy);
    }

    /**
     * Where the image was found, pinned to its digest ({@code mirror/…/redhat-operator-index@sha256:…}): what a
     * catalog Deployment runs on a management cluster without ImageStreams, whose nodes may apply no mirror policy.
     */
    public String pinned() {
        return ImageReference.parse(servedBy).withTag(null).withDigest(digest).toString();
    }
}
