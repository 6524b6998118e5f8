package io.hypershift.operator.install;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.hypershift.operator.components.Rbac;
import io.hypershift.operator.components.controlplaneoperator.ControlPlaneOperator;
import io.hypershift.operator.components.ignitionserver.IgnitionServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The operator's least-privilege ClusterRole: exactly what the reconciler, the registry-overrides controller and
 * leader election touch, plus what the Roles it writes grant (Kubernetes lets a subject grant only permissions it
 * holds). No wildcards. Rules are merged per API group and resource, then grouped by identical verbs.
 */
public final class OperatorRbac {
    private OperatorRbac() {}

    /** What the operator itself does. */
    static final List<PolicyRule> OWN = List.of(
            Rbac.rule("hypershift.openshift.io", List.of("hostedclusters"), List.of("get", "list", "watch", "update", "patch")),
            Rbac.rule("hypershift.openshift.io", List.of("hostedclusters/status"), List.of("get", "update", "patch")),
            Rbac.rule("hypershift.openshift.io", List.of("hostedclusters/finalizers"), List.of("update")),
            Rbac.rule("hypershift.openshift.io", List.of("hostedcontrolplanes"),
                    List.of("get", "list", "watch", "create", "update", "patch", "delete")),
            Rbac.rule("", List.of("namespaces"), List.of("get", "list", "watch", "create", "update", "patch", "delete")),
            // secrets are watched to follow pull-secret changes (in the watched namespaces; --namespace narrows it)
            Rbac.rule("", List.of("secrets"), List.of("get", "list", "watch", "create", "update", "patch")),
            // the registry CA bundle handed on to each control plane (server-side apply); what the operator writes
            // into control-plane namespaces is watched (by label) and read from that cache
            Rbac.rule("", List.of("configmaps"), List.of("get", "list", "watch", "create", "update", "patch")),
            Rbac.rule("", List.of("services", "serviceaccounts"), List.of("get", "list", "watch", "create", "update", "patch")),
            Rbac.rule("", List.of("events"), List.of("create", "patch")),
            Rbac.rule("apps", List.of("deployments"), List.of("get", "list", "watch", "create", "update", "patch")),
            Rbac.rule("rbac.authorization.k8s.io", List.of("roles", "rolebindings"),
                    List.of("get", "list", "watch", "create", "update", "patch")),
            Rbac.rule("operator.openshift.io", List.of("imagecontentsourcepolicies"), List.of("get", "list", "watch")),
            Rbac.rule("config.openshift.io", List.of("imagedigestmirrorsets"), List.of("get", "list", "watch")),
            // tag mirrors (Beyond HyperShift): watched like IDMS
            Rbac.rule("config.openshift.io", List.of("imagetagmirrorsets"), List.of("get", "list", "watch")),
            Rbac.rule("apiextensions.k8s.io", List.of("customresourcedefinitions"), List.of("get", "list", "watch")),
            Rbac.rule("image.openshift.io", List.of("imagestreams"), List.of("get", "create", "update", "patch", "delete")),
            // fabric8's leader election creates the Lease, then renews it with a PATCH
            Rbac.rule("coordination.k8s.io", List.of("leases"), List.of("get", "create", "update", "patch")),
            Rbac.rule("authorization.k8s.io", List.of("selfsubjectrulesreviews"), List.of("create")));

    public static List<PolicyRule> clusterRole() {
        List<PolicyRule> all = new ArrayList<>(OWN);
        all.addAll(ControlPlaneOperator.RULES);
        all.addAll(IgnitionServer.RULES);
        return merge(all);
    }

    /** Union of verbs per (group, resource), then one rule per (group, verb set), everything sorted. */
    public static List<PolicyRule> merge(List<PolicyRule> rules) {
        Map<String, Map<String, TreeSet<String>>> byGroup = new TreeMap<>();
        for (PolicyRule r : rules) {
            for (String g : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    byGroup.computeIfAbsent(g, k -> new TreeMap<>()).computeIfAbsent(res, k -> new TreeSet<>()).addAll(r.getVerbs());
                }
            }
        }
        List<PolicyRule> out = new ArrayList<>();
        byGroup.forEach((group, resources) -> {
            Map<String, TreeSet<String>> byVerbs = new TreeMap<>();
            resources.forEach((res, verbs) -> byVerbs.computeIfAbsent(String.join(",", verbs), k -> new TreeSet<>()).add(res));
            byVerbs.forEach((verbs, res) -> out.add(Rbac.rule(group, List.copyOf(res), List.of(verbs.split(",")))));
        });
        return out;
    }

    /** Whether {@code granted} covers every (group, resource, verb) of {@code wanted}. */
    public static boolean covers(List<PolicyRule> granted, List<PolicyRule> wanted) {
        Set<String> have = new TreeSet<>();
        granted.forEach(r -> r.getApiGroups().forEach(g -> r.getResources().forEach(res -> r.getVerbs().forEach(v -> have.add(g + "|" + res + "|" + v)))));
        for (PolicyRule r : wanted) {
            for (String g : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    for (String v : r.getVerbs()) {
                        if (!have.contains(g + "|" + res + "|" + v)) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }
}
