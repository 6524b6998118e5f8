package io.hypershift.ignition.translate;

import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.releaseinfo.ReleaseProvider;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where the ignition-server reads registries: the release provider and the image locator, both through the
 * translation overrides. Tests pass their own; {@link #live} is the registry client.
 */
public interface RegistryBackends {
    ReleaseProvider releases(MirrorOverrides overrides);

    ImageLocator locator(MirrorOverrides overrides);

    /**
     * SEAM until the registry branch lands on main: the registry-backed provider and locator (verified TLS plus
     * {@code caFile}, plain HTTP only for {@code insecureHosts}).
     */
    static RegistryBackends live(Path caFile, Set<String> insecureHosts) {
        throw new UnsupportedOperationException(
                "this build has no registry client yet (it arrives with the registry branch)");
    }
}
