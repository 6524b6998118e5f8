package io.hypershift.ignition.server;

import io.hypershift.support.dataplane.DataPlaneMirrors;

/**
 * What the payload is built from, read from the control-plane namespace at one moment.
 *
 * @param releaseImage the HostedControlPlane's {@code spec.releaseImage}
 * @param pullSecret the pull secret's {@code .dockerconfigjson} bytes
 * @param pullSecretSource names the pull secret in messages ({@code Secret ns/name key .dockerconfigjson})
 * @param mirrors the data-plane mirrors ({@code spec.imageContentSources} and the NeverContactSource annotation)
 */
public record ControlPlaneSnapshot(String releaseImage, byte[] pullSecret, String pullSecretSource,
        DataPlaneMirrors mirrors) {
    public ControlPlaneSnapshot {
        pullSecret = pullSecret.clone();
    }

    @Override
    public byte[] pullSecret() {
        return pullSecret.clone();
    }
}
