package io.hypershift.operator.release;

import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.ReleaseProvider;
import java.util.Objects;

/** The provider for the current overrides, rebuilt only when they change (so its caches survive reconciles). */
public final class CachingReleaseProviders {
    private final ReleaseProviderFactory factory;
    private final RegistryOverrides registryOverrides;
    private MirrorOverrides current;
    private ReleaseProvider provider;

    public CachingReleaseProviders(ReleaseProviderFactory factory, RegistryOverrides registryOverrides) {
        this.factory = factory;
        this.registryOverrides = registryOverrides;
    }

    public synchronized ReleaseProvider forOverrides(MirrorOverrides mirrors) {
        if (provider == null || !Objects.equals(current, mirrors)) {
            provider = factory.create(mirrors, registryOverrides);
            current = mirrors;
        }
        return provider;
    }
}
