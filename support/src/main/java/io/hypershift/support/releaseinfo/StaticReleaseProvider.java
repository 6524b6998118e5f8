package io.hypershift.support.releaseinfo;

import io.hypershift.support.registry.DockerConfig;
import java.util.Map;

/**
 * A provider that knows a fixed set of releases, by the pull spec asked for. Used by {@code render
 * --release-image-info} (offline) and by tests; it does no I/O.
 */
public final class StaticReleaseProvider implements ReleaseProvider {
    private final Map<String, ReleaseImage> releases;

    public StaticReleaseProvider(Map<String, ReleaseImage> releases) {
        this.releases = Map.copyOf(releases);
    }

    @Override
    public ReleaseImage lookup(String image, DockerConfig pullSecret) throws ReleaseLookupException {
        ReleaseImage r = releases.get(image);
        if (r == null) {
            throw new ReleaseLookupException("release " + image + " is not among the known releases " + releases.keySet());
        }
        return r;
    }
}
