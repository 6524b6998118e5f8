package io.hypershift.operator.release;

import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.ReleaseLookupException;
import io.hypershift.support.releaseinfo.ReleaseProvider;

/**
 * Builds the release provider for the current overrides, like HyperShift's
 * {@code ProviderWithOpenShiftImageRegistryOverrides}: lookups try the mirrors of the longest matching source, and
 * component images are rewritten with RO. The operator calls it again whenever the mirror overrides change.
 */
@FunctionalInterface
public interface ReleaseProviderFactory {
    ReleaseProvider create(MirrorOverrides mirrors, RegistryOverrides registryOverrides);

    /**
     * The factory of this build. No registry client is wired into the hypershift-operator yet, so every lookup fails
     * with a message that says so (ValidReleaseImage=False, InvalidImage); {@code render --release-image-info} works
     * offline.
     */
    static ReleaseProviderFactory standard() {
        return (mirrors, ro) -> (image, pullSecret) -> {
            throw new ReleaseLookupException("cannot look up " + image + ": this build has no registry client; "
                    + "tried " + mirrors.candidates(image) + " (use render --release-image-info FILE offline)");
        };
    }
}
