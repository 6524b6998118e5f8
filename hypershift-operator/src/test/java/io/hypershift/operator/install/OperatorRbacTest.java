package io.hypershift.operator.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.openshift.api.model.ImageStream;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedClusterSpec;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.Release;
import io.hypershift.operator.components.ignitionserver.SelfSignedMaterial;
import io.hypershift.operator.runtime.OperatorRuntime;
import io.hypershift.operator.testing.OperatorHarness;
import io.hypershift.operator.testing.TestCatalogs;
import io.hypershift.operator.testing.TestReleases;
import io.hypershift.testing.kube.Capability;
import io.hypershift.testing.kube.Crds;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import io.hypershift.testing.kube.RequiresCapability;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ClusterRole that {@code install render} prints is enough to run the operator: the operator runs in-process as
 * a ServiceAccount (impersonated) bound only to {@link OperatorRbac#clusterRole()}, on an API server that enforces
 * RBAC (every real backend; the fabric8 mock does not, so the test needs one), with leader election on, and must
 * roll a HostedCluster out and follow an IDMS change; the Role it writes for the control-plane-operator must let that
 * one own its objects by the HostedControlPlane where owner references are enforced (OpenShift's
 * {@code OwnerReferencesPermissionEnforcement}, which the test API server enables too).
 */
@KubeTest(crds = false)
@RequiresCapability({Capability.DISCOVERY, Capability.RBAC})
class OperatorRbacTest {
    static final Duration WAIT = Duration.ofSeconds(45);
    static final String SOURCE_RELEASE = "quay.io/openshift-release-dev/ocp-release@sha256:" + "a".repeat(64);
    static final String MIRRORED_RELEASE = "mirror.local/ocp/release@sha256:" + "a".repeat(64);

    @Test
    void whenTheOperatorRunsWithOnlyTheRenderedClusterRoleItShouldRollOutAndFollowAnIdms(KubeContext kube) {
        KubernetesClient admin = kube.client();
        String ns = "rb-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        kube.deleteAfterTest(admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create());
        OperatorHarness.prepareCrds(kube);
        assertThat(Crds.ensureImageStreams(kube)).as("ImageStreams served, so the catalogs ImageStream is written").isTrue();
        String role = "hypershift-operator-" + ns;
        kube.deleteAfterTest(admin.resource(new ClusterRoleBuilder().withNewMetadata().withName(role).endMetadata()
                .withRules(OperatorRbac.clusterRole()).build()).create());
        kube.deleteAfterTest(admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(role).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(role).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName("hypershift-operator").withNamespace(ns).endSubject()
                .build()).create());
        kube.deleteAfterTest(admin.resource(new ImageDigestMirrorSetBuilder().withNewMetadata().withName("release")
                .endMetadata().withNewSpec().addNewImageDigestMirror().withSource("quay.io/openshift-release-dev/ocp-release")
                .withMirrors("mirror.local/ocp/release").endImageDigestMirror().endSpec().build()).create());

        KubernetesClient asOperator = new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername("system:serviceaccount:" + ns + ":hypershift-operator")
                .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated")
                .build()).build();
        var release = TestReleases.release(SOURCE_RELEASE, "4.16.0", Map.of("hypershift", "quay.io/ocp/cpo@sha256:" + "b".repeat(64)));
        try (asOperator; OperatorRuntime operator = OperatorRuntime.start(OperatorHarness.options(ns, true, "rbac-test"),
                asOperator, new OperatorRuntime.Wiring(TestReleases.holding(Map.of(MIRRORED_RELEASE, release)),
                        new TestCatalogs(TestCatalogs.required("registry.redhat.io/redhat", "v4.16")), new SelfSignedMaterial(new SecureRandom(), Clock.systemUTC()),
                        Clock.systemUTC(), o -> {
                            kube.josdk().accept(o);
                            o.withKubernetesClient(asOperator).withCloseClientOnStop(false);
                        }, false))) {
            String json = "{\"auths\":{\"mirror.local\":{\"auth\":\"" + Base64.getEncoder().encodeToString("u:p".getBytes()) + "\"}}}";
            admin.resource(new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName("pull-secret").withNamespace(ns).build())
                    .withType("kubernetes.io/dockerconfigjson").withData(Map.of(".dockerconfigjson",
                            Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))).build()).create();
            HostedCluster hc = new HostedCluster();
            hc.setMetadata(new ObjectMetaBuilder().withName("example").withNamespace(ns).build());
            HostedClusterSpec spec = new HostedClusterSpec();
            spec.setRelease(new Release(SOURCE_RELEASE));
            spec.setPullSecret(new LocalObjectReference("pull-secret"));
            hc.setSpec(spec);
            admin.resource(hc).create();

            awaitEnv(admin, ns, "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
            await().atMost(WAIT).untilAsserted(() -> {
                HostedCluster now = admin.resources(HostedCluster.class).inNamespace(ns).withName("example").get();
                assertThat(now.getMetadata().getFinalizers()).isNotEmpty();
                assertThat(now.getStatus()).isNotNull();
                assertThat(now.getStatus().getConditions()).filteredOn(c -> List.of(Conditions.VALID_RELEASE_IMAGE,
                                Conditions.REGISTRY_OVERRIDES_PROPAGATED, Conditions.RECONCILIATION_SUCCEEDED,
                                Conditions.VALID_OLM_CATALOG_OVERRIDES).contains(c.getType()))
                        .hasSize(4).allSatisfy(c -> assertThat(c.getStatus()).as(describe(c)).isEqualTo("True"));
            });
            assertThat(admin.resources(ImageStream.class).inNamespace(ns + "-example").withName("catalogs").get())
                    .as("the catalogs ImageStream").isNotNull();
            // the leader keeps its Lease: renewing it must be allowed, or the leader stops leading (and exits)
            var lease = admin.leases().inNamespace(ns).withName("hypershift-operator-leader-elect");
            assertThat(lease.get().getSpec().getHolderIdentity()).isEqualTo("rbac-test");
            var firstRenewal = lease.get().getSpec().getRenewTime();
            await().atMost(WAIT).untilAsserted(() -> assertThat(lease.get().getSpec().getRenewTime())
                    .as("renewTime of the Lease").isNotEqualTo(firstRenewal));

            kube.deleteAfterTest(admin.resource(new ImageDigestMirrorSetBuilder().withNewMetadata().withName("extra")
                    .endMetadata().withNewSpec().addNewImageDigestMirror().withSource("registry.redhat.io")
                    .withMirrors("mirror.local/redhat").endImageDigestMirror().endSpec().build()).create());
            awaitEnv(admin, ns, "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release,"
                    + "registry.redhat.io=mirror.local/redhat");
            controlPlaneOperatorMayOwnItsObjects(admin, ns + "-example");
        }
    }

    /**
     * The Role the operator wrote for the control-plane-operator lets it create what it owns by the
     * HostedControlPlane with {@code blockOwnerDeletion} (the catalog Deployments and Services, its ConfigMaps), where
     * the API server enforces owner-reference permissions as OpenShift does.
     */
    static void controlPlaneOperatorMayOwnItsObjects(KubernetesClient admin, String cpns) {
        HostedControlPlane hcp = admin.resources(HostedControlPlane.class).inNamespace(cpns).withName("example").get();
        try (KubernetesClient asCpo = new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername("system:serviceaccount:" + cpns + ":control-plane-operator")
                .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + cpns, "system:authenticated")
                .build()).build()) {
            ConfigMap owned = asCpo.resource(new ConfigMapBuilder().withNewMetadata().withName("owned-by-hcp")
                    .withNamespace(cpns).addNewOwnerReference().withApiVersion(hcp.getApiVersion()).withKind(hcp.getKind())
                    .withName(hcp.getMetadata().getName()).withUid(hcp.getMetadata().getUid()).withController(true)
                    .withBlockOwnerDeletion(true).endOwnerReference().endMetadata().addToData("k", "v").build()).create();
            assertThat(owned.getMetadata().getOwnerReferences()).hasSize(1);
        }
    }

    static String describe(Condition c) {
        return c.getType() + " " + c.getReason() + ": " + c.getMessage();
    }

    static void awaitEnv(KubernetesClient admin, String ns, String expected) {
        await().atMost(WAIT).untilAsserted(() -> {
            for (String name : List.of("control-plane-operator", "ignition-server")) {
                Deployment d = admin.apps().deployments().inNamespace(ns + "-example").withName(name).get();
                assertThat(d).as(name).isNotNull();
                assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                        .anySatisfy(e -> {
                            assertThat(e.getName()).isEqualTo("OPENSHIFT_IMG_OVERRIDES");
                            assertThat(e.getValue()).isEqualTo(expected);
                        });
            }
        });
    }
}
