package io.hypershift.support.releaseinfo;

import io.hypershift.support.registry.DockerConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * Caches lookups by the pull spec asked for (SPEC §6): a digest reference for the life of the process, a tag for
 * {@code tagTtl}. Concurrent lookups of one image fetch it once; different images are looked up in parallel.
 *
 * <p><b>Beyond HyperShift:</b> entries are also keyed by the pull secret's credentials ({@link
 * DockerConfig#fingerprint()}). HyperShift's cache ignores them, so in a multi-tenant operator one HostedCluster's
 * successful lookup would validate another's release image that its own pull secret cannot read. Here a cluster with
 * other credentials looks the release up itself.
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
            String who = (pullSecret == null ? DockerConfig.empty() : pullSecret).fingerprint();
            return cache.get(image + " " + who, byDigest, ReleaseLookupException.class,
                    () -> delegate.lookup(image, pullSecret));
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
