package io.hypershift.operator.release;

import io.hypershift.support.registry.RegistryClient;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.RegistryLookups;
import io.hypershift.support.releaseinfo.ReleaseProvider;
import java.time.Clock;

/**
 * Builds the release provider for the current overrides, like HyperShift's
 * {@code ProviderWithOpenShiftImageRegistryOverrides}: lookups try the mirrors of the longest matching source, and
 * component images are rewritten with RO. The operator calls it again whenever the mirror overrides change.
 */
@FunctionalInterface
public interface ReleaseProviderFactory {
    /**
     * @param tagMirrors the ImageTagMirrorSets' mirrors, tried first for tag references only (empty: none)
     */
    ReleaseProvider create(MirrorOverrides mirrors, MirrorOverrides tagMirrors, RegistryOverrides registryOverrides);

    /** Without tag mirrors. */
    default ReleaseProvider create(MirrorOverrides mirrors, RegistryOverrides registryOverrides) {
        return create(mirrors, MirrorOverrides.empty(), registryOverrides);
    }

    /**
     * The registry-backed provider ({@code cache(mirrors(RO(registry)))}); one registry client (connections, tokens)
     * is shared by every provider this factory builds.
     */
    static ReleaseProviderFactory registry(RegistryClientOptions options, Clock clock) {
        RegistryClient client = new RegistryClient(options);
        return (mirrors, tagMirrors, ro) -> RegistryLookups.builder()
                .client(client)
                .mirrorOverrides(mirrors)
                .tagMirrorOverrides(tagMirrors)
                .registryOverrides(ro)
                .clock(clock)
                .build()
                .releaseProvider();
    }
}
