package io.hypershift.ignition.translate;

import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.releaseinfo.ImageLocator;
import io.hypershift.support.releaseinfo.RegistryLookups;
import io.hypershift.support.releaseinfo.ReleaseProvider;

/**
 * Where the ignition-server reads registries: a release provider and an image locator over one set of translation
 * overrides (the mirror overrides, then the RO targets, SPEC §7). Tests may pass their own; {@link #live} is the
 * registry client.
 */
@FunctionalInterface
public interface RegistryBackends {
    /** A release provider and an image locator that share their overrides (and, live, one registry client). */
    record Lookups(ReleaseProvider releases, ImageLocator locator) {}

    /** @param tagMirrors {@code OPENSHIFT_IMG_TAG_OVERRIDES}: tried first for tag references only (empty: none) */
    Lookups lookups(MirrorOverrides translationOverrides, MirrorOverrides tagMirrors);

    /** Without tag mirrors. */
    default Lookups lookups(MirrorOverrides translationOverrides) {
        return lookups(translationOverrides, MirrorOverrides.empty());
    }

    /**
     * The registry-backed, cached lookups; TLS and insecure registries as {@code options} say
     * ({@code --registry-ca-file}, {@code --insecure-registry}).
     */
    static RegistryBackends live(RegistryClientOptions options) {
        return (overrides, tagMirrors) -> {
            RegistryLookups l = RegistryLookups.builder().mirrorOverrides(overrides).tagMirrorOverrides(tagMirrors)
                    .clientOptions(options).build();
            return new Lookups(l.releaseProvider(), l.imageLocator());
        };
    }
}
