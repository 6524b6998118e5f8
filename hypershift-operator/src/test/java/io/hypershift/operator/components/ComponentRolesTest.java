package io.hypershift.operator.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.controlplaneoperator.ControlPlaneOperator;
import io.hypershift.operator.components.ignitionserver.IgnitionServer;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Roles the operator writes for the control-plane-operator and the ignition-server, as rendered. That they are
 * enough is shown by the e2e scenarios 5-7, which run both binaries as these ServiceAccounts where RBAC is enforced;
 * here, that they stay narrow.
 */
class ComponentRolesTest {
    static final Set<String> READ = Set.of("get", "list", "watch");

    static Stream<Arguments> components() {
        return Stream.of(
                Arguments.of(ControlPlaneOperator.NAME, (Function<HostedCluster, Role>) ControlPlaneOperator::role,
                        (Function<HostedCluster, RoleBinding>) ControlPlaneOperator::roleBinding),
                Arguments.of(IgnitionServer.NAME, (Function<HostedCluster, Role>) IgnitionServer::role,
                        (Function<HostedCluster, RoleBinding>) IgnitionServer::roleBinding));
    }

    @ParameterizedTest(name = "When the {0} Role is rendered, it should name no wildcard and bind only its own ServiceAccount")
    @MethodSource("components")
    void whenAComponentRoleIsRendered_itShouldNameNoWildcardAndBindOnlyItsOwnServiceAccount(String name,
            Function<HostedCluster, Role> role, Function<HostedCluster, RoleBinding> binding) {
        HostedCluster hc = ExampleInputs.hostedCluster();
        Role r = role.apply(hc);
        assertThat(r.getMetadata().getName()).isEqualTo(name);
        assertThat(r.getMetadata().getNamespace()).isEqualTo(hc.controlPlaneNamespace());
        assertThat(r.getRules()).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).isNotEmpty().doesNotContain("*");
            assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*");
            assertThat(rule.getResourceNames()).isNullOrEmpty();
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        });
        RoleBinding b = binding.apply(hc);
        assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(b.getRoleRef().getName()).isEqualTo(name);
        assertThat(b.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(name);
            assertThat(s.getNamespace()).isEqualTo(hc.controlPlaneNamespace());
        });
    }

    @Test
    void whenTheIgnitionServerRoleIsRendered_itShouldOnlyWatchSecretsAndTheHostedControlPlane() {
        List<PolicyRule> rules = IgnitionServer.role(ExampleInputs.hostedCluster()).getRules();
        assertThat(rules).allSatisfy(rule -> assertThat(READ).containsAll(rule.getVerbs()));
        assertThat(rules).flatMap(PolicyRule::getResources).containsExactlyInAnyOrder("secrets", "hostedcontrolplanes");
    }

    @Test
    void whenTheControlPlaneOperatorRoleIsRendered_itShouldNeverWriteSecretsNorServiceAccounts() {
        List<PolicyRule> rules = ControlPlaneOperator.role(ExampleInputs.hostedCluster()).getRules();
        assertThat(rules).filteredOn(rule -> rule.getResources().contains("secrets"))
                .allSatisfy(rule -> assertThat(READ).containsAll(rule.getVerbs()));
        assertThat(rules).flatMap(PolicyRule::getResources).doesNotContain("serviceaccounts", "roles", "rolebindings",
                "leases");
    }
}
