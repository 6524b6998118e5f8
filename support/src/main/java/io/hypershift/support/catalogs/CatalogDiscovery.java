package io.hypershift.support.catalogs;

import io.hypershift.support.registryoverride.Match;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.releaseinfo.LocatedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the index image of each default catalog for a release, as HyperShift's {@code support/catalogs/images.go}
 * {@code computeCatalogImages} does: pure, with the registry behind an {@link ImageProbe}.
 *
 * <ul>
 *   <li>The version is the release's {@code major.minor}, capped at {@link #DEFAULT_MAX_VERSION} (the newest catalogs
 *       known to exist; HyperShift caps too, so a 5.0 release uses the 4.22 catalogs).</li>
 *   <li>Each catalog's index is {@code registry.redhat.io/redhat/<catalog>-index}, rewritten through the
 *       {@code olm-catalogs-is-registry-overrides} annotation: a source {@code registry.redhat.io/redhat} is replaced by
 *       each of its mirrors in order; a source {@code registry.redhat.io} is replaced by each mirror, with
 *       {@code /redhat} appended to a mirror that has no path (HyperShift's rule). <b>Beyond HyperShift:</b> the
 *       longest matching source wins, by the one matcher of SPEC §5 (HyperShift reads only those two keys, in random
 *       map order), so a source naming one index repository or a {@code *.redhat.io} wildcard works as well.</li>
 *   <li>For the version and then up to 3 minor versions back, each registry is asked for
 *       {@code <registry>/<index>:v<major>.<minor>}; the first that exists wins.</li>
 *   <li>redhat-operators, certified-operators and community-operators are required: if one has no index in the 4
 *       versions, discovery fails. redhat-marketplace is optional and left out when absent.</li>
 * </ul>
 */
public final class CatalogDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogDiscovery.class);

    /** How many minor versions are tried, the release's included (HyperShift's {@code supportedVersions}). */
    public static final int SUPPORTED_VERSIONS = 4;
    /** The newest catalog version known to be published (HyperShift's {@code maxCatalogVersion}). */
    public static final CatalogVersion DEFAULT_MAX_VERSION = new CatalogVersion(4, 22);
    public static final String DEFAULT_REGISTRY_HOST = "registry.redhat.io";
    public static final String DEFAULT_NAMESPACE = "redhat";
    public static final String DEFAULT_REGISTRY = DEFAULT_REGISTRY_HOST + "/" + DEFAULT_NAMESPACE;

    private final CatalogVersion maxVersion;

    public CatalogDiscovery() {
        this(DEFAULT_MAX_VERSION);
    }

    public CatalogDiscovery(CatalogVersion maxVersion) {
        this.maxVersion = maxVersion;
    }

    /**
     * The index image of each catalog that was found, in {@link Catalog} order.
     *
     * @throws CatalogLookupException when a required catalog has no index in the versions tried, or the probe fails
     */
    public Map<Catalog, CatalogImage> discover(CatalogVersion release, ImageProbe probe, MirrorOverrides overrides)
            throws CatalogLookupException {
        CatalogVersion start = release.cappedAt(maxVersion);
        Map<Catalog, CatalogImage> found = new EnumMap<>(Catalog.class);
        for (Catalog catalog : Catalog.values()) {
            List<String> repositories = repositories(catalog, overrides);
            Optional<CatalogImage> image = find(catalog, start, repositories, probe);
            if (image.isPresent()) {
                found.put(catalog, image.get());
            } else if (catalog.required()) {
                throw new CatalogLookupException("failed to fetch image digest for " + SUPPORTED_VERSIONS
                        + " previous versions of " + catalog.catalogName() + ": none of " + tried(start, repositories)
                        + " exists (or the pull secret may not read it)");
            } else {
                LOG.debug("optional catalog {} not found in {}", catalog.catalogName(), tried(start, repositories));
            }
        }
        return Collections.unmodifiableMap(found);
    }

    private static Optional<CatalogImage> find(Catalog catalog, CatalogVersion start, List<String> repositories,
            ImageProbe probe) throws CatalogLookupException {
        CatalogVersion v = start;
        for (int i = 0; i < SUPPORTED_VERSIONS && v != null; i++, v = v.previousMinor()) {
            for (String repository : repositories) {
                String image = repository + ":" + v.tag();
                Optional<LocatedImage> located = probe.locate(image);
                if (located.isPresent()) {
                    if (i > 0) {
                        LOG.info("catalog {}: no index for v{}, using {}", catalog.catalogName(), start, image);
                    }
                    return Optional.of(new CatalogImage(catalog, image, located.get().digest(),
                            located.get().pullSpec()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The repositories to try for a catalog's index, in order: {@code registry.redhat.io/redhat/<index>} rewritten
     * through the longest matching source of {@code overrides}, or unchanged when none matches.
     */
    public static List<String> repositories(Catalog catalog, MirrorOverrides overrides) {
        String index = DEFAULT_REGISTRY + "/" + catalog.indexRepository();
        Optional<Match<List<String>>> m = overrides.match(index);
        if (m.isEmpty()) {
            return List.of(index);
        }
        List<String> out = new ArrayList<>();
        for (String mirror : m.get().value()) {
            String repository;
            if (m.get().source().equals(DEFAULT_REGISTRY_HOST)) {
                // HyperShift: a mirror with a path replaces registry.redhat.io/redhat; a bare host gets /redhat
                repository = (mirror.contains("/") ? mirror : mirror + "/" + DEFAULT_NAMESPACE) + "/"
                        + catalog.indexRepository();
            } else {
                repository = m.get().rewrite(index, mirror);
            }
            if (!out.contains(repository)) {
                out.add(repository);
            }
        }
        return out;
    }

    private static String tried(CatalogVersion start, List<String> repositories) {
        List<String> images = new ArrayList<>();
        CatalogVersion v = start;
        for (int i = 0; i < SUPPORTED_VERSIONS && v != null; i++, v = v.previousMinor()) {
            for (String r : repositories) {
                images.add(r + ":" + v.tag());
            }
        }
        return String.join(", ", images);
    }
}
