package io.hypershift.support.catalogs;

import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.ImageNotFoundException;
import io.hypershift.support.registry.LookupDeadline;
import io.hypershift.support.registry.RegistryAuthException;
import io.hypershift.support.registry.RegistryClient;
import io.hypershift.support.registry.RegistryException;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.LocatedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ImageProbe} on real registries through the {@link RegistryClient}. The image is looked up at its
 * candidates (SPEC §5: the mirrors of the management cluster's longest matching source, then the image itself unless
 * NeverContactSource), each rewritten with RO, as HyperShift's image metadata provider seeks its overrides.
 *
 * <p>Per candidate, "not found" (HTTP 404, {@code MANIFEST_UNKNOWN}) and "unauthorized" (401/403, which
 * registry.redhat.io answers for a tag that does not exist) mean absent; any other failure is an error. Across
 * candidates: the image exists when any candidate serves it; it is absent when none serves it and at least one
 * answered absent, the others having failed (in a disconnected cluster the source itself is unreachable, and a mirror
 * that answers "not found" is the answer); when every candidate failed with an error, the probe fails.
 */
public final class RegistryImageProbe implements ImageProbe {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryImageProbe.class);

    private final RegistryClient client;
    private final MirrorOverrides mirrors;
    private final MirrorOverrides tagMirrors;
    private final RegistryOverrides registryOverrides;
    private final DockerConfig pullSecret;

    public RegistryImageProbe(RegistryClient client, MirrorOverrides mirrors, RegistryOverrides registryOverrides,
            DockerConfig pullSecret) {
        this(client, mirrors, MirrorOverrides.empty(), registryOverrides, pullSecret);
    }

    /** @param tagMirrors the ImageTagMirrorSets' mirrors, tried first for an image named by tag */
    public RegistryImageProbe(RegistryClient client, MirrorOverrides mirrors, MirrorOverrides tagMirrors,
            RegistryOverrides registryOverrides, DockerConfig pullSecret) {
        this.client = client;
        this.mirrors = mirrors;
        this.tagMirrors = tagMirrors;
        this.registryOverrides = registryOverrides;
        this.pullSecret = pullSecret;
    }

    @Override
    public Optional<LocatedImage> locate(String image) throws CatalogLookupException {
        try (LookupDeadline deadline = client.lookupDeadline()) {
            return locateWithin(image);
        }
    }

    private Optional<LocatedImage> locateWithin(String image) throws CatalogLookupException {
        List<String> absent = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        boolean mirrorFailed = false;
        Exception lastError = null;
        for (String candidate : mirrors.candidates(image, tagMirrors)) {
            String target = registryOverrides.rewrite(candidate);
            try {
                String digest = client.manifestDigest(ImageReference.parse(target), pullSecret);
                LOG.debug("catalog image {} exists at {} ({})", image, target, digest);
                return Optional.of(new LocatedImage(image, target, digest));
            } catch (ImageNotFoundException | RegistryAuthException e) {
                absent.add(target + ": " + e.reason());
            } catch (RegistryException | InvalidReferenceException e) {
                failed.add(target + ": " + e.getMessage());
                mirrorFailed |= !candidate.equals(image);
                lastError = e;
            }
        }
        if (!absent.isEmpty()) {
            if (mirrorFailed) {
                LOG.warn("catalog image {} taken as absent ({}) although other candidates failed: {}", image,
                        String.join("; ", absent), String.join("; ", failed));
            }
            if (!failed.isEmpty() && !mirrorFailed) {
                // the usual disconnected case: the mirror answered, the source itself is unreachable
                LOG.debug("catalog image {} absent at its mirrors; the source failed: {}", image,
                        String.join("; ", failed));
            }
            return Optional.empty();
        }
        throw new CatalogLookupException("cannot tell whether catalog image " + image + " exists: "
                + (failed.isEmpty() ? "no candidate to try (NeverContactSource without mirrors)"
                        : String.join("; ", failed)), lastError);
    }
}
