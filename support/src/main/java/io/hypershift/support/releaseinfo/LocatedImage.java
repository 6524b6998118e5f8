package io.hypershift.support.releaseinfo;

import io.hypershift.support.imageref.ImageReference;

/**
 * Where an image was found.
 *
 * @param image the pull spec asked for
 * @param pullSpec the candidate that served its manifest (a mirror, or {@code image} itself)
 * @param digest the manifest digest ({@code sha256:…})
 */
public record LocatedImage(String image, String pullSpec, String digest) {

    /** {@code pullSpec} pinned to the digest: {@code registry/repo@sha256:…}. */
    public String pullSpecByDigest() {
        return ImageReference.parse(pullSpec).withTag(null).withDigest(digest).toString();
    }
}
