package io.hypershift.support.releaseinfo;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A looked-up release image (SPEC §6).
 *
 * @param image the release pull spec as it was asked for
 * @param servedBy the candidate that served it: a mirror, or {@code image} itself (the <em>mirrored release image</em>)
 * @param digest the manifest digest ({@code sha256:...}) of the release image
 * @param version the release version, from {@code release-manifests/release-metadata}
 * @param componentImages component name → pull spec, from {@code release-manifests/image-references}, after the
 *     provider's overrides (sorted by name)
 * @param labels the image config labels ({@code io.openshift.release} among them)
 */
public record ReleaseImage(String image, String servedBy, String digest, String version,
        Map<String, String> componentImages, Map<String, String> labels) {

    public ReleaseImage {
        componentImages = Collections.unmodifiableMap(new TreeMap<>(componentImages));
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** The pull spec of a component, or {@code null}. */
    public String componentImage(String name) {
        return componentImages.get(name);
    }

    /** The same release with other component images (e.g. after an RO rewrite). */
    public ReleaseImage withComponentImages(Map<String, String> images) {
        return new ReleaseImage(image, servedBy, digest, version, images, labels);
    }

    /** The same release with another serving pull spec. */
    public ReleaseImage withServedBy(String pullSpec) {
        return new ReleaseImage(image, pullSpec, digest, version, componentImages, labels);
    }
}
