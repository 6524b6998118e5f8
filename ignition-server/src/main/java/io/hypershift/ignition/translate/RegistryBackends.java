package io.hypershift.ignition.translate;

import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.releaseinfo.ImageLocator;
import io.hypershift.support.releaseinfo.RegistryLookups;
import io.hypershift.support.releaseinfo.ReleaseProvider;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where the ignition-server reads registries: a release provider and an image locator over one set of translation
 * overrides (the mirror overrides, then the RO targets, SPEC §7). Tests may pass their own; {@link #live} is the
 * registry client.
 */
@FunctionalInterface
public interface RegistryBackends {
    /** A release provider and an image locator that share their overrides (and, live, one registry client). */
    record Lookups(ReleaseProvider releases, ImageLocator locator) {}

    Lookups lookups(MirrorOverrides translationOverrides);

    /**
     * The registry-backed, cached lookups: TLS verified against the JVM's trust store plus {@code caFile} (may be
     * null); plain HTTP or an unverified certificate only for {@code insecureHosts}.
     */
    static RegistryBackends live(Path caFile, Set<String> insecureHosts) {
        RegistryClientOptions options = RegistryClientOptions.defaults().withCaBundle(caFile).withInsecureHosts(insecureHosts);
        return overrides -> {
            RegistryLookups l = RegistryLookups.builder().mirrorOverrides(overrides).clientOptions(options).build();
            return new Lookups(l.releaseProvider(), l.imageLocator());
        };
    }
}
