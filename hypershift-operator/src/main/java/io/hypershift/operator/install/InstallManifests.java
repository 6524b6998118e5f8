package io.hypershift.operator.install;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.operator.components.Pods;
import io.hypershift.operator.components.registryca.RegistryCaBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code install render}: the CRDs (generated into the api jar), the operator's Namespace, ServiceAccount,
 * least-privilege ClusterRole and binding, and its Deployment (probes, non-root, read-only root filesystem, resource
 * requests, leader election with two replicas).
 */
public final class InstallManifests {
    public static final String NAME = "hypershift-operator";
    /**
     * The operator container's memory limit. Its JVM takes 75 % of it as the heap's maximum; the scale harness
     * measured a settled RSS well below it with 1,000 HostedClusters (BENCHMARKS.md).
     */
    public static final String MEMORY_LIMIT = "512Mi";
    static final List<String> CRDS = List.of("hostedclusters", "hostedcontrolplanes");

    /**
     * @param operatorArgs extra flags passed to {@code run} (images, RO)
     * @param registryCaBundle PEM text of the registry CAs to trust ({@code --additional-trust-bundle}), or
     *     {@code null}: rendered as the ConfigMap {@value ControlPlaneContract#REGISTRY_CA_CONFIGMAP}, mounted, and
     *     passed as {@code --registry-ca-file}; the operator hands it on to every control plane
     * @param imagePullSecret the Secret in the namespace the operator's image is pulled with, or {@code null}
     */
    public record Options(String namespace, String image, List<String> operatorArgs, String registryCaBundle,
            String imagePullSecret) {
        public Options(String namespace, String image, List<String> operatorArgs) {
            this(namespace, image, operatorArgs, null, null);
        }
    }

    private InstallManifests() {}

    public static List<HasMetadata> render(Options o) {
        List<HasMetadata> out = new ArrayList<>();
        CRDS.forEach(p -> out.add(crd("/META-INF/fabric8/" + p + ".hypershift.openshift.io-v1.yml")));
        out.add(new NamespaceBuilder().withNewMetadata().withName(o.namespace())
                .withLabels(Map.of("pod-security.kubernetes.io/enforce", "restricted")).endMetadata().build());
        out.add(new ServiceAccountBuilder().withMetadata(meta(o.namespace())).build());
        out.add(new ClusterRoleBuilder().withNewMetadata().withName(NAME).withLabels(labels()).endMetadata()
                .withRules(OperatorRbac.clusterRole()).build());
        out.add(new ClusterRoleBindingBuilder().withNewMetadata().withName(NAME).withLabels(labels()).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(NAME).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(o.namespace()).endSubject()
                .build());
        if (o.registryCaBundle() != null) {
            out.add(new ConfigMapBuilder().withNewMetadata().withName(ControlPlaneContract.REGISTRY_CA_CONFIGMAP)
                    .withNamespace(o.namespace()).withLabels(labels()).endMetadata()
                    .withData(Map.of(ControlPlaneContract.REGISTRY_CA_KEY, o.registryCaBundle())).build());
        }
        out.add(deployment(o));
        return out;
    }

    static HasMetadata deployment(Options o) {
        List<String> args = new ArrayList<>(List.of("run", "--leader-elect",
                "--metrics-bind-address=:" + ControlPlaneContract.METRICS_PORT,
                "--health-probe-bind-address=:" + ControlPlaneContract.HEALTH_PORT));
        args.addAll(o.operatorArgs());
        List<VolumeMount> mounts = new ArrayList<>(List.of(new VolumeMountBuilder().withName(Pods.TMP_VOLUME)
                .withMountPath("/tmp").build()));
        List<Volume> volumes = new ArrayList<>(List.of(new VolumeBuilder().withName(Pods.TMP_VOLUME)
                .withNewEmptyDir().endEmptyDir().build()));
        if (o.registryCaBundle() != null) {
            RegistryCaBundle.addTo(args, mounts, volumes);
        }
        Container c = Pods.container(NAME, o.image(), args, List.of(
                        Pods.env("LOG_FORMAT", "json"), Pods.podNamespace(),
                        new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName("POD_NAME").withNewValueFrom()
                                .withNewFieldRef().withApiVersion("v1").withFieldPath("metadata.name").endFieldRef()
                                .endValueFrom().build()),
                        "50m", "256Mi")
                // the JVM sizes its heap from this limit (MaxRAMPercentage); with none it sizes from the node's memory
                .editResources().withLimits(java.util.Map.of("memory", new io.fabric8.kubernetes.api.model.Quantity(
                        MEMORY_LIMIT))).endResources()
                .withPorts(Pods.ports())
                .withVolumeMounts(mounts)
                .build();
        var d = Pods.deployment(meta(o.namespace()), NAME, c, volumes);
        d.getSpec().setReplicas(2);
        if (o.imagePullSecret() != null) {
            d.getSpec().getTemplate().getSpec().setImagePullSecrets(List.of(new LocalObjectReference(o.imagePullSecret())));
        }
        return d;
    }

    private static ObjectMeta meta(String namespace) {
        return new ObjectMetaBuilder().withName(NAME).withNamespace(namespace).withLabels(labels()).build();
    }

    private static Map<String, String> labels() {
        return Map.of("app", NAME);
    }

    static CustomResourceDefinition crd(String resource) {
        try (InputStream in = InstallManifests.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the api jar");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
