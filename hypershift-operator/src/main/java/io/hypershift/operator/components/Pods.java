package io.hypershift.operator.components;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.hypershift.api.ControlPlaneContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod shape every Deployment the operator writes shares: restricted security (non-root, read-only root
 * filesystem, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp), a writable {@code /tmp},
 * health probes on {@link ControlPlaneContract#HEALTH_PORT}, JSON logs, resource requests, and the pull secret
 * mounted as a file (never in args or env).
 */
public final class Pods {
    public static final String TMP_VOLUME = "tmp";
    public static final String PULL_SECRET_VOLUME = "pull-secret";

    private Pods() {}

    /**
     * The group of the images' user (65532:65532, hack/base-image.sh). As the pods' {@code fsGroup} it makes the
     * Secret volumes, mode 0440, readable by that user: without it a kubelet leaves them root's alone, and the
     * ignition-server cannot read its serving certificate.
     */
    public static final long IMAGE_GROUP = 65532L;

    public static PodSecurityContext podSecurity() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withFsGroup(IMAGE_GROUP)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    public static SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    public static Probe probe(String path, int initialDelaySeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString("health")).withScheme("HTTP").endHttpGet()
                .withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(10)
                .withTimeoutSeconds(5)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    public static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /** {@code POD_NAMESPACE} from the downward API. */
    public static EnvVar podNamespace() {
        return new EnvVarBuilder().withName(ControlPlaneContract.ENV_POD_NAMESPACE)
                .withNewValueFrom().withNewFieldRef().withApiVersion("v1").withFieldPath("metadata.namespace").endFieldRef().endValueFrom()
                .build();
    }

    public static List<ContainerPort> ports(ContainerPort... extra) {
        List<ContainerPort> ports = new ArrayList<>(List.of(extra));
        ports.add(new ContainerPortBuilder().withName("metrics").withContainerPort(ControlPlaneContract.METRICS_PORT).withProtocol("TCP").build());
        ports.add(new ContainerPortBuilder().withName("health").withContainerPort(ControlPlaneContract.HEALTH_PORT).withProtocol("TCP").build());
        return ports;
    }

    public static List<Volume> baseVolumes() {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
        volumes.add(new VolumeBuilder().withName(PULL_SECRET_VOLUME)
                .withNewSecret().withSecretName(ControlPlaneContract.PULL_SECRET_NAME).withDefaultMode(0440)
                .endSecret().build());
        return volumes;
    }

    public static List<VolumeMount> baseMounts() {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
        mounts.add(new VolumeMountBuilder().withName(PULL_SECRET_VOLUME)
                .withMountPath(ControlPlaneContract.PULL_SECRET_MOUNT_PATH).withReadOnly(true).build());
        return mounts;
    }

    /** A container with the shared shape; {@code args} and {@code env} are given in full. */
    public static ContainerBuilder container(String name, String image, List<String> args, List<EnvVar> env,
            String cpu, String memory) {
        return new ContainerBuilder()
                .withName(name)
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .withArgs(args)
                .withEnv(env)
                .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))).endResources()
                .withLivenessProbe(probe("/healthz", 30, 6))
                .withReadinessProbe(probe("/readyz", 5, 3))
                .withSecurityContext(containerSecurity())
                .withTerminationMessagePolicy("FallbackToLogsOnError");
    }

    /**
     * Pulls the pod's images with the copy of the HostedCluster's pull secret, as HyperShift's Deployments do: a
     * mirror that needs credentials serves the management cluster's kubelet with them.
     */
    public static Deployment withPullSecret(Deployment d) {
        d.getSpec().getTemplate().getSpec().setImagePullSecrets(
                List.of(new LocalObjectReference(ControlPlaneContract.PULL_SECRET_NAME)));
        return d;
    }

    /** A one-replica Deployment selecting {@code app=<name>}. */
    public static Deployment deployment(ObjectMeta metadata, String serviceAccount, Container container, List<Volume> volumes) {
        String app = metadata.getName();
        return new DeploymentBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withReplicas(1)
                .withRevisionHistoryLimit(2)
                .withNewSelector().withMatchLabels(Map.of("app", app)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(metadata.getLabels()).endMetadata()
                .withNewSpec()
                .withServiceAccountName(serviceAccount)
                .withAutomountServiceAccountToken(true)
                .withSecurityContext(podSecurity())
                .withContainers(container)
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
