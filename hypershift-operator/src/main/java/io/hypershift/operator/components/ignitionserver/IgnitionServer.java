package io.hypershift.operator.components.ignitionserver;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.ObjectMetadata;
import io.hypershift.operator.components.Pods;
import io.hypershift.operator.components.PropagatedOverrides;
import io.hypershift.operator.components.Rbac;
import io.hypershift.operator.components.registryca.RegistryCaBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ignition-server: Deployment, Service, ServiceAccount, Role and RoleBinding named
 * {@value ControlPlaneContract#IGNITION_SERVER}. Per SPEC §7 its arguments carry {@code --registry-overrides}
 * followed by the mirror overrides then RO in the mirror format (what the design note tells users to look for), and
 * its env {@code OPENSHIFT_IMG_OVERRIDES=<mirror overrides>}, then {@code OPENSHIFT_IMG_TAG_OVERRIDES=<tag mirrors>}
 * only when the management cluster has ImageTagMirrorSets.
 */
public final class IgnitionServer {
    public static final String NAME = ControlPlaneContract.IGNITION_SERVER;
    static final String CERT_VOLUME = "serving-cert";

    /**
     * It watches the Secrets (token Secrets, pull secret) and the HostedControlPlane of its namespace through
     * informers, and writes nothing. The e2e scenarios run it as this ServiceAccount where RBAC is enforced.
     */
    public static final List<PolicyRule> RULES = List.of(
            Rbac.rule("", List.of("secrets"), List.of("list", "watch")),
            Rbac.rule("hypershift.openshift.io", List.of("hostedcontrolplanes"), List.of("list", "watch")));

    private IgnitionServer() {}

    /** @param registryCa whether the operator's registry CAs are in the namespace (then mounted and read) */
    public static Deployment deployment(HostedCluster hc, String image, PropagatedOverrides overrides, boolean registryCa) {
        String certDir = ControlPlaneContract.IGNITION_SERVING_CERT_MOUNT_PATH;
        List<String> args = new ArrayList<>(List.of(
                ControlPlaneContract.IGNITION_SERVER_COMMAND,
                ControlPlaneContract.FLAG_REGISTRY_OVERRIDES, overrides.ignitionOverrides(),
                "--cert-file", certDir + "/tls.crt",
                "--key-file", certDir + "/tls.key",
                "--port", Integer.toString(ControlPlaneContract.IGNITION_PORT)));
        List<EnvVar> env = new ArrayList<>(overrides.env());
        env.add(Pods.podNamespace());
        env.add(Pods.env("LOG_FORMAT", "json"));
        List<VolumeMount> mounts = new ArrayList<>(Pods.baseMounts());
        mounts.add(new VolumeMountBuilder().withName(CERT_VOLUME).withMountPath(certDir).withReadOnly(true).build());
        List<Volume> volumes = new ArrayList<>(Pods.baseVolumes());
        volumes.add(new VolumeBuilder().withName(CERT_VOLUME)
                .withNewSecret().withSecretName(ControlPlaneContract.IGNITION_SERVING_CERT_SECRET).withDefaultMode(0440)
                .endSecret().build());
        if (registryCa) {
            RegistryCaBundle.addTo(args, mounts, volumes);
        }
        Container container = Pods.container(NAME, image, args, env, "10m", "128Mi")
                .withPorts(Pods.ports(new ContainerPortBuilder().withName("https")
                        .withContainerPort(ControlPlaneContract.IGNITION_PORT).withProtocol("TCP").build()))
                .withVolumeMounts(mounts)
                .build();
        return Pods.withPullSecret(Pods.deployment(ObjectMetadata.of(hc, NAME, NAME), NAME, container, volumes));
    }

    /** HTTPS on {@value ControlPlaneContract#IGNITION_SERVICE_PORT} to the container's https port. */
    public static Service service(HostedCluster hc) {
        return new ServiceBuilder()
                .withMetadata(ObjectMetadata.of(hc, NAME, NAME))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Map.of("app", NAME))
                .addNewPort().withName("https").withProtocol("TCP").withPort(ControlPlaneContract.IGNITION_SERVICE_PORT)
                .withTargetPort(new IntOrString("https")).endPort()
                .endSpec()
                .build();
    }

    /** The DNS names the serving certificate covers: the Service's, short to fully qualified. */
    public static List<String> dnsNames(HostedCluster hc) {
        String ns = hc.controlPlaneNamespace();
        return List.of(NAME, NAME + "." + ns, NAME + "." + ns + ".svc", NAME + "." + ns + ".svc.cluster.local");
    }

    public static ServiceAccount serviceAccount(HostedCluster hc) {
        return Rbac.serviceAccount(hc, NAME);
    }

    public static Role role(HostedCluster hc) {
        return Rbac.role(hc, NAME, RULES);
    }

    public static RoleBinding roleBinding(HostedCluster hc) {
        return Rbac.roleBinding(hc, NAME);
    }
}
