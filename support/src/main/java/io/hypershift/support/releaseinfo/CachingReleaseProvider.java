package io.hypershift.support.releaseinfo;

import io.hypershift.support.registry.DockerConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * Caches lookups by the pull spec asked for (SPEC §6): a digest reference for the life of the process, a tag for
 * {@code tagTtl}. Concurrent lookups of one image fetch it once; different images are looked up in parallel. The cache
 * ignores the pull secret, as HyperShift's does: a release's content does not depend on who reads it.
 */
public final class CachingReleaseProvider implements ReleaseProvider {
    /** Bounds memory: a management cluster sees tens of releases, not thousands. */
    static final int MAX_ENTRIES = 1024;

    private final ReleaseProvider delegate;
    private final LookupCache<ReleaseImage> cache;

    public CachingReleaseProvider(ReleaseProvider delegate, Clock clock, Duration tagTtl) {
        this.delegate = delegate;
        this.cache = new LookupCache<>(clock, tagTtl, MAX_ENTRIES);
    }

    @Override
    public ReleaseImage lookup(String image, DockerConfig pullSecret) throws ReleaseLookupException {
        // '@' only appears in a digest reference; an invalid reference fails in the delegate and is never cached
        boolean byDigest = image.indexOf('@') >= 0;
        try {
            return cache.get(image, byDigest, ReleaseLookupException.class, () -> delegate.lookup(image, pullSecret));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReleaseLookupException("interrupted while looking up " + image, "InvalidImage", e);
        }
    }

    /** Forgets every cached release. */
    public void clear() {
        cache.clear();
    }
}
