package io.hypershift.operator.components;

import io.hypershift.api.Annotations;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.support.registryoverride.MirrorOverrides;
import java.util.Map;

/**
 * Which of the management cluster's mirror overrides one HostedCluster's control plane gets: all of them, or none
 * when the HostedCluster carries {@link Annotations#IGNORE_MANAGEMENT_CLUSTER_IMAGE_MIRRORS}{@code : "true"}.
 */
public final class ManagementMirrors {
    private ManagementMirrors() {}

    /** Whether the HostedCluster opts out of the management cluster's mirrors (the value must be {@code "true"}). */
    public static boolean ignored(HostedCluster hc) {
        Map<String, String> annotations = hc == null || hc.getMetadata() == null ? null : hc.getMetadata().getAnnotations();
        return annotations != null
                && "true".equals(annotations.get(Annotations.IGNORE_MANAGEMENT_CLUSTER_IMAGE_MIRRORS));
    }

    /** The mirror overrides for this HostedCluster's control plane. */
    public static MirrorOverrides forCluster(HostedCluster hc, MirrorOverrides management) {
        return ignored(hc) ? MirrorOverrides.empty() : management;
    }
}
