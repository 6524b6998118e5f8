package io.hypershift.support.releaseinfo;

import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.LookupDeadline;
import io.hypershift.support.registry.RegistryClient;
import io.hypershift.support.registry.RegistryException;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ImageLocator} on real registries: tries {@link MirrorOverrides#candidates(String, MirrorOverrides)} (tag
 * mirrors first, for a tag reference) in order, each rewritten with
 * the RO map, and returns the first whose manifest can be fetched (a digest reference is checked against the content).
 * Cached like releases: by digest for the life of the process, by tag for a TTL; one fetch per image at a time.
 */
public final class MirroredImageLocator implements ImageLocator {
    private static final Logger LOG = LoggerFactory.getLogger(MirroredImageLocator.class);

    private final RegistryClient client;
    private final MirrorOverrides mirrors;
    private final MirrorOverrides tagMirrors;
    private final RegistryOverrides registryOverrides;
    private final LookupCache<LocatedImage> cache;

    public MirroredImageLocator(RegistryClient client, MirrorOverrides mirrors, RegistryOverrides registryOverrides,
            Clock clock, Duration tagTtl) {
        this(client, mirrors, MirrorOverrides.empty(), registryOverrides, clock, tagTtl);
    }

    /** @param tagMirrors the ImageTagMirrorSets' mirrors, tried first for a tag reference only */
    public MirroredImageLocator(RegistryClient client, MirrorOverrides mirrors, MirrorOverrides tagMirrors,
            RegistryOverrides registryOverrides, Clock clock, Duration tagTtl) {
        this.client = client;
        this.mirrors = mirrors;
        this.tagMirrors = tagMirrors;
        this.registryOverrides = registryOverrides;
        this.cache = new LookupCache<>(clock, tagTtl, 4096);
    }

    @Override
    public LocatedImage locate(String image, DockerConfig pullSecret) throws ImageLookupException {
        ImageReference ref;
        try {
            ref = ImageReference.parse(image);
        } catch (InvalidReferenceException e) {
            throw new ImageLookupException(e.getMessage(), e);
        }
        try {
            return cache.get(image, ref.hasDigest(), ImageLookupException.class, () -> find(image, pullSecret));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageLookupException("interrupted while locating " + image, e);
        }
    }

    private LocatedImage find(String image, DockerConfig pullSecret) throws ImageLookupException {
        try (LookupDeadline deadline = client.lookupDeadline()) {
            return findWithin(image, pullSecret);
        }
    }

    private LocatedImage findWithin(String image, DockerConfig pullSecret) throws ImageLookupException {
        Candidates tried = new Candidates("image " + image);
        for (String candidate : mirrors.candidates(image, tagMirrors)) {
            String target = registryOverrides.rewrite(candidate);
            try {
                String digest = client.manifestDigest(ImageReference.parse(target), pullSecret);
                LOG.debug("image {} is served by {} ({})", image, target, digest);
                return new LocatedImage(image, target, digest);
            } catch (RegistryException | InvalidReferenceException e) {
                tried.failed(LOG, target, e);
            }
        }
        throw new ImageLookupException(tried.message(), tried.lastCause());
    }
}
