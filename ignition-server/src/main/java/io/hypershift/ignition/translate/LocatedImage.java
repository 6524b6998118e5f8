package io.hypershift.ignition.translate;

/**
 * SEAM (see {@link ImageLocator}): where an image was found.
 *
 * @param image the pull spec asked for
 * @param pullSpec the candidate that served its manifest (a mirror, or {@code image} itself)
 * @param digest the manifest digest
 */
public record LocatedImage(String image, String pullSpec, String digest) {}
