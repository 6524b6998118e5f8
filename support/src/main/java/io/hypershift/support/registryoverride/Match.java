package io.hypershift.support.registryoverride;

/**
 * The source that matched an image: the source as written, how many leading characters of the image it covers
 * (for a wildcard source, the whole host), and the value stored for it.
 */
public record Match<V>(String source, int matchedLength, V value) {

    /** {@code target + image[matchedLength:]}: the image with the matched part replaced (SPEC §5). */
    public String rewrite(String image, String target) {
        return target + image.substring(matchedLength);
    }
}
