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
    private MirrorOverrides currentTags;
    private ReleaseProvider provider;

    public CachingReleaseProviders(ReleaseProviderFactory factory, RegistryOverrides registryOverrides) {
        this.factory = factory;
        this.registryOverrides = registryOverrides;
    }

    public synchronized ReleaseProvider forOverrides(MirrorOverrides mirrors) {
        return forOverrides(mirrors, MirrorOverrides.empty());
    }

    /** @param tagMirrors the ImageTagMirrorSets' mirrors, for tag references only */
    public synchronized ReleaseProvider forOverrides(MirrorOverrides mirrors, MirrorOverrides tagMirrors) {
        if (provider == null || !Objects.equals(current, mirrors) || !Objects.equals(currentTags, tagMirrors)) {
            provider = factory.create(mirrors, tagMirrors, registryOverrides);
            current = mirrors;
            currentTags = tagMirrors;
        }
        return provider;
    }
}
