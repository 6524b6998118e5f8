package io.hypershift.support.catalogs;

import io.hypershift.support.registry.Digests;
import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.RegistryClient;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.LookupCache;
import io.hypershift.support.releaseinfo.ReleaseImage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

/**
 * The catalog index images of a release, discovered and cached like HyperShift's {@code GetCatalogImages}: by
 * (release, catalog registry overrides, pull secret) for {@link #CACHE_TTL}, on the injected clock. Failures are not
 * cached. Unlike HyperShift's single-entry cache, each hosted cluster keeps its own entry, and concurrent reconciles
 * of one cluster share one lookup.
 *
 * <p>{@link #onRegistries} probes real registries; build one per set of management-cluster mirrors and RO (they
 * decide where the probes go), like {@link io.hypershift.support.releaseinfo.RegistryLookups}.
 */
public final class CatalogImages {
    /** HyperShift's {@code cacheExpiration}. */
    public static final Duration CACHE_TTL = Duration.ofMinutes(5);
    /** The release image label that carries the version. */
    public static final String RELEASE_VERSION_LABEL = "io.openshift.release";

    /** Makes the probe that answers with a pull secret's access. */
    @FunctionalInterface
    public interface ProbeFactory {
        ImageProbe probe(DockerConfig pullSecret);
    }

    private final ProbeFactory probes;
    private final CatalogDiscovery discovery;
    private final LookupCache<Map<Catalog, CatalogImage>> cache;

    public CatalogImages(ProbeFactory probes, CatalogDiscovery discovery, Clock clock) {
        this.probes = probes;
        this.discovery = discovery;
        this.cache = new LookupCache<>(clock, CACHE_TTL, 1024);
    }

    /** Discovery through {@link RegistryImageProbe}s: the management cluster's mirrors, then RO, then the registry. */
    public static CatalogImages onRegistries(RegistryClient client, MirrorOverrides mirrors,
            RegistryOverrides registryOverrides, Clock clock) {
        return onRegistries(client, mirrors, MirrorOverrides.empty(), registryOverrides, clock);
    }

    /** The same, with the ImageTagMirrorSets' mirrors tried first for a catalog index named by tag. */
    public static CatalogImages onRegistries(RegistryClient client, MirrorOverrides mirrors, MirrorOverrides tagMirrors,
            RegistryOverrides registryOverrides, Clock clock) {
        return new CatalogImages(secret -> new RegistryImageProbe(client, mirrors, tagMirrors, registryOverrides,
                secret), new CatalogDiscovery(), clock);
    }

    /**
     * The index image of each catalog for {@code release}, through the catalog registry overrides.
     *
     * @throws CatalogLookupException when the release has no usable version, a required catalog has no index image
     *     in the versions tried, or a registry cannot be asked
     */
    public Map<Catalog, CatalogImage> lookup(ReleaseImage release, MirrorOverrides catalogRegistryOverrides,
            DockerConfig pullSecret) throws CatalogLookupException {
        CatalogVersion version = releaseVersion(release);
        String key = release.image() + "@" + release.digest() + "\n" + catalogRegistryOverrides.format() + "\n"
                + fingerprint(pullSecret);
        try {
            return cache.get(key, false, CatalogLookupException.class,
                    () -> discovery.discover(version, probes.probe(pullSecret), catalogRegistryOverrides));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogLookupException("interrupted while looking up the catalog images", e);
        }
    }

    /**
     * The catalog version of a release: its {@value #RELEASE_VERSION_LABEL} label, or else the version of its
     * release metadata.
     */
    public static CatalogVersion releaseVersion(ReleaseImage release) throws CatalogLookupException {
        String label = release.labels().get(RELEASE_VERSION_LABEL);
        String version = label != null && !label.isBlank() ? label : release.version();
        try {
            return CatalogVersion.ofRelease(version);
        } catch (IllegalArgumentException e) {
            throw new CatalogLookupException("release " + release.image() + ": " + e.getMessage());
        }
    }

    /** A digest of the credentials: the cache key tells pull secrets apart without holding one. */
    static String fingerprint(DockerConfig pullSecret) {
        StringBuilder sb = new StringBuilder();
        for (String registry : new TreeSet<>(pullSecret.registries())) {
            pullSecret.credentialsFor(registry).ifPresent(c -> sb.append(registry).append('\0')
                    .append(c.username()).append('\0').append(c.password()).append('\n'));
        }
        return Digests.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
