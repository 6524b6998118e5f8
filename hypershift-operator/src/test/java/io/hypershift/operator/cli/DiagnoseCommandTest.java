package io.hypershift.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.hypershift.api.Annotations;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedClusterSpec;
import io.hypershift.api.v1beta1.Release;
import io.hypershift.operator.components.ComponentOptions;
import io.hypershift.operator.components.ControlPlaneInputs;
import io.hypershift.operator.components.ControlPlaneModel;
import io.hypershift.operator.components.ControlPlaneObjects;
import io.hypershift.operator.components.ignitionserver.SecretMaterial;
import io.hypershift.operator.testing.OperatorHarness;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code diagnose} against an API server holding an IDMS and a control plane as the operator writes it. */
@KubeTest(crds = false)
class DiagnoseCommandTest {

    @Test
    void whenTheDeploymentsMatchItShouldExit0AndWhenOneIsStaleExit1WithTheHint(KubeContext kube) {
        KubernetesClient client = kube.client();
        String ns = namespaceWithReleaseIdms(kube, "diag");
        HostedCluster hc = new HostedCluster();
        hc.setMetadata(new ObjectMetaBuilder().withName("example").withNamespace(ns).build());
        HostedClusterSpec spec = new HostedClusterSpec();
        spec.setRelease(new Release("quay.io/openshift-release-dev/ocp-release@sha256:" + "a".repeat(64)));
        spec.setPullSecret(new LocalObjectReference("pull-secret"));
        hc.setSpec(spec);
        client.resource(hc).create();
        ControlPlaneObjects objects = ControlPlaneModel.render(new ControlPlaneInputs(hc,
                MirrorOverrides.of(Map.of("quay.io/openshift-release-dev/ocp-release", List.of("mirror.local/ocp/release"))),
                RegistryOverrides.of(Map.of("quay.io", "ro.local")), null, null,
                new ComponentOptions("cpo:1", "ign:1"), Optional.empty(), Optional.empty()), SecretMaterial.NONE, Instant.now());
        client.resource(objects.namespace()).create();
        for (HasMetadata d : objects.deployments()) {
            client.resource(d).create();
        }
        // the OLM catalogs as the control-plane-operator pins them where ImageStreams are not served
        for (String index : List.of("redhat-operator", "certified-operator", "community-operator")) {
            client.resource(catalogDeployment(ns + "-example", index)).create();
        }
        String kubeconfig = kube.kubeconfigFile().toString();

        CliRun ok = CliRun.of("diagnose", "--kubeconfig", kubeconfig, "--hosted-cluster", ns + "/example");
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("CLUSTER").contains(ns + "/example").doesNotContain("MISMATCH")
                .contains("quay.io=ro.local,quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release")
                .contains("RO read from each control-plane-operator Deployment");

        client.apps().deployments().inNamespace(ns + "-example").withName("ignition-server").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().set(0, new EnvVar("OPENSHIFT_IMG_OVERRIDES", "=", null));
            return d;
        });
        CliRun stale = CliRun.of("diagnose", "--kubeconfig", kubeconfig, "--hosted-cluster", ns + "/example");
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.out()).contains("MISMATCH").contains("hint: " + ns + "/example ignition-server env OPENSHIFT_IMG_OVERRIDES")
                .contains("saw no ICSP/IDMS");

        CliRun wrongRo = CliRun.of("diagnose", "--kubeconfig", kubeconfig, "--hosted-cluster", ns + "/example",
                "--registry-overrides", "quay.io=other.local");
        assertThat(wrongRo.exitCode()).isEqualTo(1);

        assertThat(ok.out()).contains("OLM catalogs").contains("deployment/redhat-operators-catalog")
                .contains("image pinned by digest");

        // a catalog that runs a tag instead of a digest is a mismatch, with a hint
        client.apps().deployments().inNamespace(ns + "-example").withName("community-operators-catalog").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0)
                    .setImage("registry.redhat.io/redhat/community-operator-index:v4.16");
            return d;
        });
        CliRun catalogs = CliRun.of("diagnose", "--kubeconfig", kubeconfig, "--hosted-cluster", ns + "/example",
                "--registry-overrides", "quay.io=ro.local");
        assertThat(catalogs.exitCode()).as(catalogs.out()).isEqualTo(1);
        assertThat(catalogs.out()).contains("hint: " + ns + "/example deployment/community-operators-catalog: without "
                + "ImageStreams the control-plane-operator pins");

        CliRun missing = CliRun.of("diagnose", "--kubeconfig", kubeconfig, "--hosted-cluster", ns + "/nope");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("hypershift-operator: error: --hosted-cluster: HostedCluster " + ns + "/nope not found");
        CliRun malformed = CliRun.of("diagnose", "--kubeconfig", kubeconfig, "--hosted-cluster", "no-slash");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("is not NAMESPACE/NAME");
    }

    @Test
    void whenAClusterIgnoresTheManagementMirrors_equalsShouldBeExpectedForItWhileItsNeighbourKeepsTheMirrors(KubeContext kube) {
        KubernetesClient client = kube.client();
        String ns = namespaceWithReleaseIdms(kube, "diag-opt-out");
        MirrorOverrides mirrors = MirrorOverrides.of(Map.of("quay.io/openshift-release-dev/ocp-release", List.of("mirror.local/ocp/release")));
        for (String name : List.of("opted-out", "neighbour")) {
            HostedCluster hc = new HostedCluster();
            hc.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
            if (name.equals("opted-out")) {
                hc.getMetadata().setAnnotations(Map.of(Annotations.IGNORE_MANAGEMENT_CLUSTER_IMAGE_MIRRORS, "true"));
            }
            HostedClusterSpec spec = new HostedClusterSpec();
            spec.setRelease(new Release("quay.io/openshift-release-dev/ocp-release@sha256:" + "a".repeat(64)));
            spec.setPullSecret(new LocalObjectReference("pull-secret"));
            hc.setSpec(spec);
            client.resource(hc).create();
            ControlPlaneObjects objects = ControlPlaneModel.render(new ControlPlaneInputs(hc, mirrors, RegistryOverrides.empty(),
                    null, null, new ComponentOptions("cpo:1", "ign:1"), Optional.empty(), Optional.empty()),
                    SecretMaterial.NONE, Instant.now());
            client.resource(objects.namespace()).create();
            for (HasMetadata d : objects.deployments()) {
                client.resource(d).create();
            }
            for (String index : List.of("redhat-operator", "certified-operator", "community-operator")) {
                client.resource(catalogDeployment(ns + "-" + name, index)).create();
            }
        }
        String kubeconfig = kube.kubeconfigFile().toString();
        String cpo = "control-plane-operator";
        String env = "env OPENSHIFT_IMG_OVERRIDES";

        CliRun optedOut = CliRun.of("diagnose", "--kubeconfig", kubeconfig, "--hosted-cluster", ns + "/opted-out");
        assertThat(optedOut.exitCode()).as(optedOut.out() + optedOut.err()).isZero();
        assertThat(optedOut.out()).doesNotContain("MISMATCH").doesNotContain("mirror.local/ocp/release  ")
                .contains("note: " + ns + "/opted-out ignores the management cluster's mirrors");
        assertThat(optedOut.out().lines().filter(l -> l.contains(cpo) && l.contains(env)))
                .singleElement().satisfies(l -> assertThat(l.split("\\s+")).containsSubsequence("=", "=", "OK"));

        CliRun neighbour = CliRun.of("diagnose", "--kubeconfig", kubeconfig, "--hosted-cluster", ns + "/neighbour");
        assertThat(neighbour.exitCode()).as(neighbour.out() + neighbour.err()).isZero();
        assertThat(neighbour.out()).contains("quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release")
                .doesNotContain("ignores the management cluster's mirrors");

        // the opted-out cluster's Deployments carrying the management mirrors are stale for it
        client.apps().deployments().inNamespace(ns + "-opted-out").withName("ignition-server").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                    .set(0, new EnvVar("OPENSHIFT_IMG_OVERRIDES", mirrors.format(), null));
            return d;
        });
        CliRun stale = CliRun.of("diagnose", "--kubeconfig", kubeconfig, "--hosted-cluster", ns + "/opted-out");
        assertThat(stale.exitCode()).as(stale.out()).isEqualTo(1);
        assertThat(stale.out()).contains("MISMATCH");
    }

    /** A fresh namespace, and an IDMS {@code idms} that mirrors the release repository to mirror.local/ocp/release. */
    private static String namespaceWithReleaseIdms(KubeContext kube, String idms) {
        OperatorHarness.prepareCrds(kube);
        KubernetesClient client = kube.client();
        String ns = "dg-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        kube.deleteAfterTest(client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create());
        kube.deleteAfterTest(client.resource(new ImageDigestMirrorSetBuilder().withNewMetadata().withName(idms).endMetadata()
                .withNewSpec().addNewImageDigestMirror().withSource("quay.io/openshift-release-dev/ocp-release")
                .withMirrors("mirror.local/ocp/release").endImageDigestMirror().endSpec().build()).create());
        return ns;
    }

    static io.fabric8.kubernetes.api.model.apps.Deployment catalogDeployment(String namespace, String index) {
        String catalog = index + "s";
        return new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName(catalog + "-catalog").withNamespace(namespace)
                    .addToLabels("olm.catalogSource", catalog).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("olm.catalogSource", catalog).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("olm.catalogSource", catalog).endMetadata()
                        .withNewSpec().addNewContainer().withName("registry")
                            .withImage("registry.redhat.io/redhat/" + index + "-index@sha256:" + "5".repeat(64))
                        .endContainer().endSpec()
                    .endTemplate().endSpec().build();
    }
}
