package io.hypershift.support.releaseinfo;

import io.hypershift.support.registry.DockerConfig;

/**
 * Looks up release images (SPEC §6). Implementations: the registry-backed provider, the mirror decorator (tries the
 * candidates of §5 in order) and the RO decorator (rewrites pull specs), composed like HyperShift's
 * {@code ProviderWithOpenShiftImageRegistryOverrides}. Implementations are thread-safe.
 */
public interface ReleaseProvider {
    /**
     * @throws ReleaseLookupException when the release cannot be found or read; the message lists every candidate
     *     tried and why it failed, and never contains a credential
     */
    ReleaseImage lookup(String image, DockerConfig pullSecret) throws ReleaseLookupException;
}
