package io.hypershift.operator.components.registryca;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.ObjectMetadata;
import java.util.List;
import java.util.Map;

/**
 * The registry CAs the hypershift-operator trusts, passed on to one control plane: the ConfigMap
 * {@value ControlPlaneContract#REGISTRY_CA_CONFIGMAP} in its namespace, and how the control-plane-operator and the
 * ignition-server mount and read it ({@code --registry-ca-file}). Both look the release up through the mirrors the
 * operator looked it up through, so an air-gapped mirror with a private CA needs it in all three.
 */
public final class RegistryCaBundle {
    static final String VOLUME = "registry-ca";

    private RegistryCaBundle() {}

    public static ConfigMap configMap(HostedCluster hc, String pem) {
        return new ConfigMapBuilder()
                .withMetadata(ObjectMetadata.of(hc, ControlPlaneContract.REGISTRY_CA_CONFIGMAP, null))
                .withData(Map.of(ControlPlaneContract.REGISTRY_CA_KEY, pem))
                .build();
    }

    /**
     * Adds the bundle to a pod that runs one of the binaries: the flag to its args, the mount to its container, the
     * ConfigMap volume to its volumes.
     */
    public static void addTo(List<String> args, List<VolumeMount> mounts, List<Volume> volumes) {
        args.add(flag());
        mounts.add(mount());
        volumes.add(volume());
    }

    public static Volume volume() {
        return new VolumeBuilder().withName(VOLUME)
                .withNewConfigMap().withName(ControlPlaneContract.REGISTRY_CA_CONFIGMAP).withDefaultMode(0444).endConfigMap()
                .build();
    }

    public static VolumeMount mount() {
        return new VolumeMountBuilder().withName(VOLUME).withMountPath(ControlPlaneContract.REGISTRY_CA_MOUNT_PATH)
                .withReadOnly(true).build();
    }

    /** The flag that points a binary at the mounted bundle. */
    public static String flag() {
        return "--registry-ca-file=" + ControlPlaneContract.REGISTRY_CA_MOUNT_PATH + "/" + ControlPlaneContract.REGISTRY_CA_KEY;
    }
}
