package io.hypershift.support.registry;

import io.hypershift.support.imageref.ImageReference;

/**
 * An image whose manifest was fetched (and checked).
 *
 * @param reference the reference that was fetched
 * @param digest the digest of the manifest the reference points at: for a multi-arch image, the index's digest (this
 *     is the digest that identifies the image, e.g. a release)
 * @param manifestDigest the digest of {@code manifest}: equal to {@code digest} unless an index was resolved
 * @param manifest the image manifest for the chosen platform
 * @param platform the platform that was chosen from an index, or {@code null} for a single-platform image
 */
public record ResolvedImage(ImageReference reference, String digest, String manifestDigest, Manifest.Image manifest,
        Platform platform) {

    /** The reference by digest ({@code registry/repo@sha256:…}). */
    public ImageReference byDigest() {
        return reference.withTag(null).withDigest(digest);
    }
}
