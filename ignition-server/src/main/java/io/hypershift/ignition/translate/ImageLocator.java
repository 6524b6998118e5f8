package io.hypershift.ignition.translate;

import io.hypershift.support.registry.DockerConfig;

/**
 * SEAM until the registry branch lands: finds the pull spec that actually serves an image (live translation, SPEC
 * §5/§6), the first of its candidates whose registry serves the manifest. Same shape as the registry branch's
 * {@code io.hypershift.support.releaseinfo.ImageLocator}; this interface goes away when that one is on main.
 */
@FunctionalInterface
public interface ImageLocator {
    /** @throws ImageLookupException when no candidate serves the image; the message lists each candidate and why */
    LocatedImage locate(String image, DockerConfig pullSecret) throws ImageLookupException;
}
