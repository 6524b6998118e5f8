package io.hypershift.support.catalogs;

import io.hypershift.support.imageref.ImageReference;
import java.util.Objects;

/**
 * A discovered catalog index image.
 *
 * @param catalog the catalog
 * @param pullSpec the index image by tag, e.g. {@code registry.redhat.io/redhat/redhat-operator-index:v4.17}; the
 *     ImageStream tag imports it
 * @param digest its manifest digest at discovery time ({@code sha256:…})
 */
public record CatalogImage(Catalog catalog, String pullSpec, String digest) {
    public CatalogImage {
        Objects.requireNonNull(catalog);
        Objects.requireNonNull(pullSpec);
        Objects.requireNonNull(digest);
    }

    /** The image pinned to its digest ({@code …/redhat-operator-index@sha256:…}), for clusters without ImageStreams. */
    public String pinned() {
        return ImageReference.parse(pullSpec).withTag(null).withDigest(digest).toString();
    }
}
