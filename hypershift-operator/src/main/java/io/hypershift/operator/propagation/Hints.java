package io.hypershift.operator.propagation;

import io.hypershift.support.registryoverride.Match;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.OverrideCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Known causes of a propagation difference, as the design note's debugging section and HyperShift's known issues tell them. */
public final class Hints {
    /** The repositories of the release payload, which need an explicit entry (OCPBUGS-33951). */
    public static final List<String> RELEASE_REPOSITORIES = List.of(
            "quay.io/openshift-release-dev/ocp-release", "quay.io/openshift-release-dev/ocp-v4.0-art-dev");

    private Hints() {}

    static List<String> forValue(boolean deploymentExists, String expected, String actual) {
        List<String> hints = new ArrayList<>();
        if (!deploymentExists) {
            hints.add("the Deployment does not exist: check that the hypershift-operator runs and look at the "
                    + "HostedCluster's conditions (ValidReleaseImage, RegistryOverridesPropagated)");
            return hints;
        }
        if (actual == null) {
            hints.add("the value is missing from the Deployment: it was not written by this operator's version, or was edited");
            return hints;
        }
        if (expected.equals(actual)) {
            return hints;
        }
        if (OverrideCodec.EMPTY.equals(actual)) {
            hints.add("the Deployment carries no overrides: the operator saw no ICSP/IDMS when it wrote it; check that "
                    + "it may list imagecontentsourcepolicies and imagedigestmirrorsets and that those APIs are served");
            return hints;
        }
        Set<String> want = pieces(expected);
        Set<String> have = pieces(actual);
        if (want.equals(have)) {
            hints.add("the same source=mirror pairs in another order: written by a version that sorts the mirrors of a "
                    + "source (HyperShift does, losing their priority); the next reconcile rewrites it");
        } else {
            Set<String> stale = new HashSet<>(have);
            stale.removeAll(want);
            Set<String> missing = new HashSet<>(want);
            missing.removeAll(have);
            hints.add("stale: the ICSP/IDMS changed after the Deployment was written (" + missing.size() + " pair(s) missing, "
                    + stale.size() + " extra); look at the HostedCluster's RegistryOverridesPropagated condition");
        }
        return hints;
    }

    /** The same for {@code OPENSHIFT_IMG_TAG_OVERRIDES}, which is expected absent ({@code null}) without ITMS. */
    static List<String> forTagValue(boolean deploymentExists, String expected, String actual) {
        if (!deploymentExists || java.util.Objects.equals(expected, actual)) {
            return forValue(deploymentExists, String.valueOf(expected), String.valueOf(actual));
        }
        if (expected == null) {
            return List.of("unexpected: the management cluster has no ImageTagMirrorSet with mirrors (any more), or the "
                    + "HostedCluster ignores the management cluster's mirrors; the next reconcile removes the env var");
        }
        if (actual == null) {
            return List.of("missing: the Deployment was written before an ImageTagMirrorSet appeared, or by a version "
                    + "without ITMS support; check that the operator may list imagetagmirrorsets and look at the "
                    + "HostedCluster's RegistryOverridesPropagated condition");
        }
        Set<String> want = pieces(expected);
        Set<String> have = pieces(actual);
        Set<String> stale = new HashSet<>(have);
        stale.removeAll(want);
        Set<String> missing = new HashSet<>(want);
        missing.removeAll(have);
        return List.of(want.equals(have)
                ? "the same source=mirror pairs in another order; the next reconcile rewrites it"
                : "stale: the ImageTagMirrorSets changed after the Deployment was written (" + missing.size()
                        + " pair(s) missing, " + stale.size() + " extra)");
    }

    /**
     * OCPBUGS-33951: sources that are only a registry root ({@code registry.redhat.io}, {@code quay.io}) and no entry
     * for the release repositories. This project matches them, but HyperShift's release lookup does not, so a
     * mixed fleet fails to find the release; the fix is an explicit entry for each release repository.
     */
    public static Optional<String> rootOnlySources(MirrorOverrides mirrors) {
        List<String> roots = mirrors.asMap().keySet().stream().filter(s -> s.indexOf('/') < 0).toList();
        if (roots.isEmpty()) {
            return Optional.empty();
        }
        List<String> uncovered = new ArrayList<>();
        for (String repo : RELEASE_REPOSITORIES) {
            Optional<Match<List<String>>> m = mirrors.match(repo + "@sha256:" + "0".repeat(64));
            if (m.isEmpty() || m.get().source().indexOf('/') < 0) {
                uncovered.add(repo);
            }
        }
        if (uncovered.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("source(s) " + String.join(", ", roots) + " name only a registry root, and no ICSP/IDMS entry "
                + "names " + String.join(" or ", uncovered) + ": HyperShift does not propagate root-only sources to the "
                + "release lookup (OCPBUGS-33951); add an IDMS entry for each release repository with its mirror");
    }

    private static Set<String> pieces(String value) {
        return new HashSet<>(List.of(value.split(",")));
    }
}
