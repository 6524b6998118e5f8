package io.hypershift.cpo.release;

import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.releaseinfo.ReleaseProvider;
import java.nio.file.Path;
import java.util.Set;

/** Builds the CPO's release provider from the release overrides (mirrors then RO). Tests pass their own. */
@FunctionalInterface
public interface ReleaseBackends {
    ReleaseProvider releases(MirrorOverrides overrides);

    /**
     * SEAM until the registry branch lands on main: the registry-backed, cached, mirror-aware provider (verified TLS
     * plus {@code caFile}, plain HTTP only for {@code insecureHosts}).
     */
    static ReleaseBackends live(Path caFile, Set<String> insecureHosts) {
        throw new UnsupportedOperationException(
                "this build has no registry client yet (it arrives with the registry branch)");
    }
}
