package io.hypershift.operator.controllers.registryoverrides;

import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.PolicyProblem;
import java.time.Instant;
import java.util.List;

/**
 * The mirror overrides built from the management cluster's policies at one moment.
 *
 * @param version increases by one with every change of the overrides or their problems
 * @param mirrors the digest mirrors, from ICSP and IDMS ({@code OPENSHIFT_IMG_OVERRIDES})
 * @param tagMirrors the tag mirrors, from ImageTagMirrorSets ({@code OPENSHIFT_IMG_TAG_OVERRIDES}, Beyond HyperShift):
 *     used for tag references only, before the digest mirrors
 * @param problems every problem found in the policies (errors name the object and field)
 * @param changedAt when this operator observed the change that produced this snapshot
 */
public record OverridesSnapshot(long version, MirrorOverrides mirrors, MirrorOverrides tagMirrors,
        List<PolicyProblem> problems, Capabilities capabilities, Instant changedAt) {

    public OverridesSnapshot {
        problems = List.copyOf(problems);
    }

    /** Without tag mirrors (no ImageTagMirrorSet). */
    public OverridesSnapshot(long version, MirrorOverrides mirrors, List<PolicyProblem> problems,
            Capabilities capabilities, Instant changedAt) {
        this(version, mirrors, MirrorOverrides.empty(), problems, capabilities, changedAt);
    }

    /**
     * This snapshot as seen by a HostedCluster that opts out of the management cluster's mirrors: no mirrors, no tag
     * mirrors and no policy problems (none of the policies reach it); version, capabilities and time stay.
     */
    public OverridesSnapshot withoutMirrors() {
        return new OverridesSnapshot(version, MirrorOverrides.empty(), MirrorOverrides.empty(), List.of(), capabilities,
                changedAt);
    }

    public List<PolicyProblem> errors() {
        return problems.stream().filter(PolicyProblem::isError).toList();
    }
}
