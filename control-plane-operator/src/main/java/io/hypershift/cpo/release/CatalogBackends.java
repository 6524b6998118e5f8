package io.hypershift.cpo.release;

import io.hypershift.support.catalogs.CatalogImages;
import io.hypershift.support.registry.RegistryClient;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.time.Clock;

/**
 * Builds the CPO's OLM catalog discovery (SPEC §9) from its mirrors ({@code OPENSHIFT_IMG_OVERRIDES}) and RO: where
 * the index image of each catalog is probed. Tests may pass their own; {@link #live} asks the registries.
 */
@FunctionalInterface
public interface CatalogBackends {
    /** @param tagMirrors {@code OPENSHIFT_IMG_TAG_OVERRIDES}: tried first for tag references (catalog indexes are) */
    CatalogImages catalogImages(MirrorOverrides mirrors, MirrorOverrides tagMirrors, RegistryOverrides registryOverrides);

    /** Without tag mirrors. */
    default CatalogImages catalogImages(MirrorOverrides mirrors, RegistryOverrides registryOverrides) {
        return catalogImages(mirrors, MirrorOverrides.empty(), registryOverrides);
    }

    /** Registry probes with the same TLS settings as the release lookups, cached for 5 minutes on {@code clock}. */
    static CatalogBackends live(RegistryClientOptions options, Clock clock) {
        return (mirrors, tagMirrors, ro) -> CatalogImages.onRegistries(new RegistryClient(options), mirrors, tagMirrors,
                ro, clock);
    }
}
