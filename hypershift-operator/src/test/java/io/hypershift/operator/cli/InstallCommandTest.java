package io.hypershift.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.operator.components.controlplaneoperator.ControlPlaneOperator;
import io.hypershift.operator.components.ignitionserver.IgnitionServer;
import io.hypershift.operator.install.OperatorRbac;
import io.hypershift.support.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallCommandTest {

    @Test
    void whenRenderedItShouldPrintTheCrdsRbacAndAHardenedDeployment() {
        CliRun run = CliRun.of("install", "render", "--namespace", "hs", "--image", "registry.local/ho:1",
                "--control-plane-operator-image", "registry.local/cpo:1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("kind: ")))
                .containsExactly("kind: CustomResourceDefinition", "kind: CustomResourceDefinition", "kind: Namespace",
                        "kind: ServiceAccount", "kind: ClusterRole", "kind: ClusterRoleBinding", "kind: Deployment");
        assertThat(run.out()).contains("name: hostedclusters.hypershift.openshift.io")
                .contains("image: registry.local/ho:1")
                .contains("--leader-elect").contains("--control-plane-operator-image=registry.local/cpo:1")
                .contains("readOnlyRootFilesystem: true").contains("runAsNonRoot: true")
                .contains("path: /healthz").contains("path: /readyz")
                .doesNotContain("'*'").doesNotContain("\"*\"").doesNotContain("- '*'");
    }

    @Test
    void whenGivenTheMirrorsCaAndAPullSecret_itShouldRenderTheCaConfigMapMountItReadItAndPullWithTheSecret(
            @TempDir Path dir) throws Exception {
        Path ca = TestCertificates.selfSignedCa(dir, "mirror-ca");
        CliRun run = CliRun.of("install", "render", "--namespace", "hs", "--image", "mirror.local:5000/ho@sha256:"
                + "a".repeat(64), "--additional-trust-bundle", ca.toString(), "--image-pull-secret", "mirror-pull");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<HasMetadata> objects = Serialization.unmarshal(run.out());
        ConfigMap cm = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).findFirst()
                .orElseThrow();
        assertThat(cm.getMetadata().getNamespace()).isEqualTo("hs");
        assertThat(cm.getData().get(ControlPlaneContract.REGISTRY_CA_KEY)).isEqualTo(Files.readString(ca));
        Deployment d = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
                .orElseThrow();
        assertThat(objects.indexOf(cm)).as("applied before the Deployment that mounts it").isLessThan(objects.indexOf(d));
        var pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("mirror-pull");
        assertThat(pod.getContainers().get(0).getArgs()).contains("--registry-ca-file="
                + ControlPlaneContract.REGISTRY_CA_MOUNT_PATH + "/" + ControlPlaneContract.REGISTRY_CA_KEY);
        assertThat(pod.getVolumes()).filteredOn(v -> v.getConfigMap() != null).extracting(v -> v.getConfigMap().getName())
                .containsExactly(cm.getMetadata().getName());

        Path notPem = Files.writeString(dir.resolve("not-a-ca.txt"), "hello\n");
        CliRun bad = CliRun.of("install", "render", "--additional-trust-bundle", notPem.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--additional-trust-bundle").contains("not-a-ca.txt");
        assertThat(bad.out()).as("nothing half-rendered").isEmpty();
    }

    @Test
    void whenTheOperatorWritesRolesItsClusterRoleShouldHoldEveryPermissionTheyGrant() {
        List<PolicyRule> role = OperatorRbac.clusterRole();
        assertThat(OperatorRbac.covers(role, ControlPlaneOperator.RULES)).isTrue();
        assertThat(OperatorRbac.covers(role, IgnitionServer.RULES)).isTrue();
        assertThat(role).allSatisfy(r -> {
            assertThat(r.getVerbs()).doesNotContain("*");
            assertThat(r.getResources()).doesNotContain("*");
            assertThat(r.getApiGroups()).doesNotContain("*");
        });
        assertThat(OperatorRbac.covers(role, List.of(io.hypershift.operator.components.Rbac.rule("", List.of("pods"), List.of("delete")))))
                .as("nothing it does not need").isFalse();
    }
}
