package io.hypershift.support.releaseinfo;

import io.hypershift.support.registry.DockerConfig;

/**
 * Finds where an image can actually be pulled from ("live translation", SPEC §8): the first of its candidates
 * (SPEC §5) whose registry serves its manifest. For components that pull images themselves, such as the
 * ignition-server. Implementations are thread-safe; tests may fake this interface.
 */
@FunctionalInterface
public interface ImageLocator {
    /**
     * @throws ImageLookupException when no candidate serves the image; the message lists each candidate and why
     */
    LocatedImage locate(String image, DockerConfig pullSecret) throws ImageLookupException;
}
