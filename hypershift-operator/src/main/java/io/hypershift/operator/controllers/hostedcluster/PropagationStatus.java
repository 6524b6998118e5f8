package io.hypershift.operator.controllers.hostedcluster;

import io.hypershift.api.Annotations;
import io.hypershift.api.Conditions;
import io.hypershift.operator.controllers.registryoverrides.OverridesSnapshot;
import io.hypershift.operator.propagation.Finding;
import io.hypershift.support.registryoverride.PolicyProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Derives {@code RegistryOverridesPropagated} (SPEC §10, Beyond HyperShift) from what the Deployments really carry,
 * whatever happened in this reconcile: a Deployment left with stale overrides is always reported.
 *
 * @param status {@code True} or {@code False}
 */
public record PropagationStatus(String status, String reason, String message) {
    static final int MAX_LISTED = 5;

    /**
     * @param findings the comparison of the Deployments with the current strings
     * @param oversized the strings that exceed MAX_ARG_STRLEN (then the Deployments were not written)
     * @param notWrittenBecause why the Deployments were not written in this reconcile, or {@code null}
     * @param mirrorsIgnored whether the HostedCluster opts out of the management cluster's mirrors (then the
     *     Deployments are expected to carry {@code =} as their mirror overrides, and that is not stale)
     */
    public static PropagationStatus of(List<Finding> findings, OverridesSnapshot snapshot, List<String> oversized,
            String notWrittenBecause, boolean mirrorsIgnored) {
        List<PolicyProblem> errors = snapshot.errors();
        String invalid = errors.isEmpty() ? "" : "invalid ICSP/IDMS/ITMS entries (left out or kept verbatim): " + list(errors);
        if (!oversized.isEmpty()) {
            return new PropagationStatus(Conditions.FALSE, Conditions.REGISTRY_OVERRIDES_TOO_LARGE,
                    "the overrides were not applied, a pod could not start with them: " + String.join("; ", oversized)
                            + "; the Deployments keep their previous overrides");
        }
        List<Finding> bad = findings.stream().filter(f -> !f.ok()).toList();
        if (!bad.isEmpty()) {
            String stale = bad.stream().map(f -> f.deployment() + " " + f.field()
                            + (f.actual() == null ? " is missing" : f.expected() == null ? " is unexpected" : " differs"))
                    .collect(Collectors.joining(", "));
            String why = notWrittenBecause == null ? "" : " (not updated: " + notWrittenBecause + ")";
            return new PropagationStatus(Conditions.FALSE, Conditions.DEPLOYMENT_MISMATCH,
                    "the Deployments do not carry the current overrides: " + stale + why
                            + (invalid.isEmpty() ? "" : "; " + invalid));
        }
        if (!invalid.isEmpty()) {
            return new PropagationStatus(Conditions.FALSE, Conditions.INVALID_REGISTRY_OVERRIDES,
                    "the Deployments carry the current overrides, but " + invalid);
        }
        if (mirrorsIgnored) {
            return new PropagationStatus(Conditions.TRUE, Conditions.MANAGEMENT_MIRRORS_IGNORED,
                    "control-plane-operator and ignition-server carry the current overrides: no mirrors from the "
                            + "management cluster, as the HostedCluster asks with " + Annotations.IGNORE_MANAGEMENT_CLUSTER_IMAGE_MIRRORS
                            + "=true (the operator's registry overrides still apply)");
        }
        return new PropagationStatus(Conditions.TRUE, Conditions.AS_EXPECTED,
                "control-plane-operator and ignition-server carry the current overrides ("
                        + snapshot.mirrors().size() + " mirrored source(s)"
                        + (snapshot.tagMirrors().isEmpty() ? "" : ", " + snapshot.tagMirrors().size()
                                + " tag-mirrored source(s)") + ")");
    }

    private static String list(List<PolicyProblem> problems) {
        String shown = problems.stream().limit(MAX_LISTED).map(PolicyProblem::describe).collect(Collectors.joining("; "));
        return problems.size() > MAX_LISTED ? shown + "; and " + (problems.size() - MAX_LISTED) + " more" : shown;
    }

    public boolean propagated() {
        return Conditions.TRUE.equals(status);
    }
}
