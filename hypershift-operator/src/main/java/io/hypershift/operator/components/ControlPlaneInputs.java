package io.hypershift.operator.components;

import io.fabric8.kubernetes.api.model.Secret;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.ReleaseImage;
import java.util.Optional;

/**
 * Everything the control plane of one HostedCluster is rendered from. The same inputs give the same objects, in
 * the reconciler and in {@code render}.
 *
 * @param mirrors the management cluster's mirror overrides; a HostedCluster that opts out of them
 *     ({@link ManagementMirrors}) gets none
 * @param tagMirrors the management cluster's tag mirrors (ImageTagMirrorSets); none for a HostedCluster that opts out
 * @param release the looked-up release, or {@code null} when it could not be looked up
 * @param pullSecret the bytes of the HostedCluster's pull secret ({@code .dockerconfigjson}), or {@code null} when
 *     it is missing (then no copy is rendered)
 * @param existingToken the token Secret already in the control-plane namespace, kept as it is
 * @param existingServingCert the serving-certificate Secret already there, kept while valid
 */
public record ControlPlaneInputs(HostedCluster hostedCluster, MirrorOverrides mirrors, MirrorOverrides tagMirrors,
        RegistryOverrides registryOverrides, ReleaseImage release, byte[] pullSecret, ComponentOptions options,
        Optional<Secret> existingToken, Optional<Secret> existingServingCert) {

    public ControlPlaneInputs {
        mirrors = ManagementMirrors.forCluster(hostedCluster, mirrors);
        tagMirrors = ManagementMirrors.forCluster(hostedCluster, tagMirrors);
    }

    /** Without tag mirrors (no ImageTagMirrorSet). */
    public ControlPlaneInputs(HostedCluster hostedCluster, MirrorOverrides mirrors, RegistryOverrides registryOverrides,
            ReleaseImage release, byte[] pullSecret, ComponentOptions options, Optional<Secret> existingToken,
            Optional<Secret> existingServingCert) {
        this(hostedCluster, mirrors, MirrorOverrides.empty(), registryOverrides, release, pullSecret, options,
                existingToken, existingServingCert);
    }

    public PropagatedOverrides overrides() {
        return PropagatedOverrides.of(mirrors, tagMirrors, registryOverrides);
    }
}
