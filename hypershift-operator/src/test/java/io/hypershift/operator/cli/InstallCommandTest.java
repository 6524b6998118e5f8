package io.hypershift.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.hypershift.operator.components.controlplaneoperator.ControlPlaneOperator;
import io.hypershift.operator.components.ignitionserver.IgnitionServer;
import io.hypershift.operator.install.OperatorRbac;
import java.util.List;
import org.junit.jupiter.api.Test;

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
