package io.hypershift.cpo.release;

import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.RegistryLookups;
import io.hypershift.support.releaseinfo.ReleaseProvider;

/**
 * Builds the CPO's release provider from {@code OPENSHIFT_IMG_OVERRIDES} (mirrors) and its RO flag. Tests may pass
 * their own; {@link #live} is the registry client.
 */
@FunctionalInterface
public interface ReleaseBackends {
    /** @param tagMirrors {@code OPENSHIFT_IMG_TAG_OVERRIDES}: tried first for tag references only (empty: none) */
    ReleaseProvider releases(MirrorOverrides mirrors, MirrorOverrides tagMirrors, RegistryOverrides registryOverrides);

    /** Without tag mirrors. */
    default ReleaseProvider releases(MirrorOverrides mirrors, RegistryOverrides registryOverrides) {
        return releases(mirrors, MirrorOverrides.empty(), registryOverrides);
    }

    /**
     * {@code cache(mirrors(RO(registry)))} ({@link RegistryLookups}): the release is tried at each mirror, then at its
     * RO target (SPEC §7); component pull specs come back placed on the mirror that served the release, or moved by
     * RO. TLS and insecure registries as {@code options} say ({@code --registry-ca-file}, {@code --insecure-registry}).
     */
    static ReleaseBackends live(RegistryClientOptions options) {
        return (mirrors, tagMirrors, ro) -> RegistryLookups.builder().mirrorOverrides(mirrors)
                .tagMirrorOverrides(tagMirrors).registryOverrides(ro)
                .clientOptions(options).build().releaseProvider();
    }
}
