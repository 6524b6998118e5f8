package io.hypershift.support.releaseinfo;

import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RO decorator (HyperShift: {@code RegistryMirrorProviderDecorator}): looks the release up at its RO-rewritten pull
 * spec and rewrites every component pull spec with the same RO map (SPEC §5). The result keeps the pull spec asked
 * for as {@code image}; {@code servedBy} is where it was actually read.
 */
public final class RegistryOverridesReleaseProvider implements ReleaseProvider {
    private final ReleaseProvider delegate;
    private final RegistryOverrides overrides;

    public RegistryOverridesReleaseProvider(ReleaseProvider delegate, RegistryOverrides overrides) {
        this.delegate = delegate;
        this.overrides = overrides;
    }

    @Override
    public ReleaseImage lookup(String image, DockerConfig pullSecret) throws ReleaseLookupException {
        if (overrides.isEmpty()) {
            return delegate.lookup(image, pullSecret);
        }
        ReleaseImage r = delegate.lookup(overrides.rewrite(image), pullSecret);
        Map<String, String> components = new LinkedHashMap<>();
        r.componentImages().forEach((name, spec) -> components.put(name, overrides.rewrite(spec)));
        return new ReleaseImage(image, r.servedBy(), r.digest(), r.version(), components, r.labels());
    }
}
