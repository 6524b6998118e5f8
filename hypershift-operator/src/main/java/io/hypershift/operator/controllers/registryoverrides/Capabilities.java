package io.hypershift.operator.controllers.registryoverrides;

/**
 * Which mirror-policy APIs the management cluster serves (SPEC §2). ImageTagMirrorSets are Beyond HyperShift, which
 * reads none.
 */
public record Capabilities(boolean imageContentSourcePolicies, boolean imageDigestMirrorSets,
        boolean imageTagMirrorSets) {
    public static final Capabilities NONE = new Capabilities(false, false, false);

    /** ICSP and IDMS only, no ImageTagMirrorSets. */
    public Capabilities(boolean imageContentSourcePolicies, boolean imageDigestMirrorSets) {
        this(imageContentSourcePolicies, imageDigestMirrorSets, false);
    }

    @Override
    public String toString() {
        return "ICSP " + (imageContentSourcePolicies ? "served" : "absent") + ", IDMS "
                + (imageDigestMirrorSets ? "served" : "absent") + ", ITMS "
                + (imageTagMirrorSets ? "served" : "absent");
    }
}
