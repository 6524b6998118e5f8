package io.hypershift.operator.components;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.hypershift.api.v1beta1.HostedCluster;
import java.util.List;

/** ServiceAccount, Role and RoleBinding of one control-plane component, all named like it. */
public final class Rbac {
    private Rbac() {}

    public static PolicyRule rule(String apiGroup, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resources).withVerbs(verbs).build();
    }

    public static ServiceAccount serviceAccount(HostedCluster hc, String name) {
        return new ServiceAccountBuilder().withMetadata(ObjectMetadata.of(hc, name, name)).build();
    }

    public static Role role(HostedCluster hc, String name, List<PolicyRule> rules) {
        return new RoleBuilder().withMetadata(ObjectMetadata.of(hc, name, name)).withRules(rules).build();
    }

    public static RoleBinding roleBinding(HostedCluster hc, String name) {
        return new RoleBindingBuilder()
                .withMetadata(ObjectMetadata.of(hc, name, name))
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(hc.controlPlaneNamespace()).endSubject()
                .build();
    }
}
