package io.hypershift.operator.controllers.registryoverrides;

/** Which mirror-policy APIs the management cluster serves (SPEC §2). */
public record Capabilities(boolean imageContentSourcePolicies, boolean imageDigestMirrorSets) {
    public static final Capabilities NONE = new Capabilities(false, false);

    @Override
    public String toString() {
        return "ICSP " + (imageContentSourcePolicies ? "served" : "absent") + ", IDMS "
                + (imageDigestMirrorSets ? "served" : "absent");
    }
}
