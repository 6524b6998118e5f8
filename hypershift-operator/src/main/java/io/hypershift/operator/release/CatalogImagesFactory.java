package io.hypershift.operator.release;

import io.hypershift.support.catalogs.CatalogImages;
import io.hypershift.support.registry.RegistryClient;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.time.Clock;

/**
 * Builds the OLM catalog discovery (SPEC §9) for the current mirror overrides and RO: where the catalog index images
 * are probed. The operator calls it again whenever the mirror overrides change; tests pass their own.
 */
@FunctionalInterface
public interface CatalogImagesFactory {
    /** @param tagMirrors the ImageTagMirrorSets' mirrors, tried first for tag references (catalog indexes are) */
    CatalogImages create(MirrorOverrides mirrors, MirrorOverrides tagMirrors, RegistryOverrides registryOverrides);

    /** Without tag mirrors. */
    default CatalogImages create(MirrorOverrides mirrors, RegistryOverrides registryOverrides) {
        return create(mirrors, MirrorOverrides.empty(), registryOverrides);
    }

    /** Registry probes sharing one registry client; results cached 5 minutes on {@code clock}. */
    static CatalogImagesFactory registry(RegistryClientOptions options, Clock clock) {
        RegistryClient client = new RegistryClient(options);
        return (mirrors, tagMirrors, ro) -> CatalogImages.onRegistries(client, mirrors, tagMirrors, ro, clock);
    }
}
