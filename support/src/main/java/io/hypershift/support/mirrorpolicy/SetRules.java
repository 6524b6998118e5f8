package io.hypershift.support.mirrorpolicy;

import io.hypershift.api.ControlPlaneContract;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.imageref.SourcePattern;
import io.hypershift.support.manifests.Policies;
import io.hypershift.support.mirrorpolicy.Finding.Severity;
import io.hypershift.support.registryoverride.Match;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.MirrorOverridesBuilder;
import io.hypershift.support.registryoverride.PrefixMatcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** The rules that look across entries and objects: repeats, name collisions, release payload, override size. */
public final class SetRules {
    /** The repositories an OpenShift release payload is pulled from: the release image and its components. */
    public static final List<String> RELEASE_PAYLOAD_REPOSITORIES = List.of(
            "quay.io/openshift-release-dev/ocp-release",
            "quay.io/openshift-release-dev/ocp-v4.0-art-dev");

    /** Share of {@link ControlPlaneContract#MAX_ARG_STRLEN} above which the override size is a warning. */
    static final double SIZE_WARNING_RATIO = 0.9;

    private SetRules() {}

    /** A mirror that an earlier entry of the same source already lists (digest kinds and ITMS counted apart). */
    public static List<Finding> repeatedMirrors(List<PolicyObject> objects) {
        List<Finding> out = new ArrayList<>();
        Map<String, String> digest = new HashMap<>();
        Map<String, String> tag = new HashMap<>();
        for (PolicyObject o : objects) {
            for (MirrorEntry e : o.entries()) {
                if (e.source() == null || e.source().isEmpty()) {
                    continue;
                }
                Map<String, String> seen = e.kind().isDigest() ? digest : tag;
                List<String> inEntry = new ArrayList<>();
                for (int j = 0; j < e.mirrors().size(); j++) {
                    String m = e.mirrors().get(j);
                    if (m == null || m.isEmpty() || inEntry.contains(m)) {
                        continue; // reported by EntryRules
                    }
                    inEntry.add(m);
                    String where = e.object() + ": " + e.mirrorField(j);
                    String first = seen.putIfAbsent(e.source() + "\n" + m, where);
                    if (first != null) {
                        out.add(new Finding(Severity.WARNING, Rule.DUPLICATE_MIRROR, e.object(), e.mirrorField(j),
                                "mirror \"" + m + "\" of " + e.source() + " is already listed at " + first
                                        + "; mirrors are deduplicated, so the repeat has no effect",
                                "remove the repeat, or fold the objects into one with: hypershift-operator mirror-policy merge PATH..."));
                    }
                }
            }
        }
        return out;
    }

    /** Two objects of one kind and name with different entries: applying both, the later replaces the earlier. */
    public static List<Finding> nameCollisions(List<PolicyObject> objects) {
        List<Finding> out = new ArrayList<>();
        Map<String, PolicyObject> first = new HashMap<>();
        for (PolicyObject o : objects) {
            if (o.name() == null) {
                continue;
            }
            PolicyObject earlier = first.putIfAbsent(o.kind() + "/" + o.name(), o);
            if (earlier != null && !sameEntries(earlier, o)) {
                out.add(new Finding(Severity.WARNING, Rule.NAME_COLLISION, o.display(), "metadata.name",
                        o.kind().kind() + "/" + o.name() + " is also defined, with other entries, at " + earlier.display()
                                + "; applying both, the later replaces the earlier and the earlier's mirrors are lost "
                                + "(oc-mirror v1 names every run's objects release-0, operator-0, ...)",
                        "merge them into one object: hypershift-operator mirror-policy merge PATH..."));
            }
        }
        return out;
    }

    private static boolean sameEntries(PolicyObject a, PolicyObject b) {
        if (a.entries().size() != b.entries().size()) {
            return false;
        }
        for (int i = 0; i < a.entries().size(); i++) {
            MirrorEntry x = a.entries().get(i);
            MirrorEntry y = b.entries().get(i);
            if (!Objects.equals(x.source(), y.source()) || !x.mirrors().equals(y.mirrors())
                    || !Objects.equals(x.sourcePolicy(), y.sourcePolicy())) {
                return false;
            }
        }
        return true;
    }

    /**
     * OCPBUGS-33951: the release payload repositories reached only through a root-only or namespace-only source, or
     * not at all while root-only sources exist. HyperShift finds the release image only through an entry for the
     * repository itself.
     */
    public static List<Finding> releasePayload(List<PolicyObject> objects) {
        Map<String, MirrorEntry> bySource = usableDigestEntries(objects);
        if (bySource.isEmpty()) {
            return List.of();
        }
        PrefixMatcher<MirrorEntry> matcher = PrefixMatcher.of(bySource);
        List<Finding> out = new ArrayList<>();
        for (String repo : RELEASE_PAYLOAD_REPOSITORIES) {
            Optional<Match<MirrorEntry>> match = matcher.longest(repo);
            if (match.isPresent()) {
                Match<MirrorEntry> m = match.get();
                if (m.source().equals(repo)) {
                    continue;
                }
                MirrorEntry e = m.value();
                String scope = m.source().indexOf('/') < 0 ? "root-only" : "namespace-only";
                List<String> mirrors = e.presentMirrors().stream().map(x -> m.rewrite(repo, x)).toList();
                out.add(new Finding(Severity.WARNING, Rule.RELEASE_PAYLOAD_NOT_EXPLICIT, e.object(), e.field() + ".source",
                        repo + " is mirrored only through the " + scope + " source " + m.source()
                                + "; HyperShift does not find the release payload through such a source (OCPBUGS-33951)",
                        "add an entry: source: " + repo + ", mirrors: [" + String.join(", ", mirrors) + "]"));
                continue;
            }
            List<MirrorEntry> roots = bySource.values().stream().filter(e -> e.source().indexOf('/') < 0).toList();
            if (!roots.isEmpty()) {
                MirrorEntry e = roots.get(0);
                String names = roots.stream().limit(3).map(MirrorEntry::source).collect(Collectors.joining(", "))
                        + (roots.size() > 3 ? ", ..." : "");
                out.add(new Finding(Severity.WARNING, Rule.RELEASE_PAYLOAD_NOT_EXPLICIT, e.object(), e.field() + ".source",
                        "the root-only sources (" + names + ") do not cover " + repo + " and no entry names it, so a "
                                + "HostedCluster cannot resolve its release through the mirrors (OCPBUGS-33951)",
                        "add an entry: source: " + repo + ", mirrors: [<mirror-registry>/"
                                + repo.substring(repo.indexOf('/') + 1) + "]"));
            }
        }
        return out;
    }

    /** The first valid entry with mirrors of each source in the ICSP and IDMS objects. */
    static Map<String, MirrorEntry> usableDigestEntries(List<PolicyObject> objects) {
        return usableEntries(objects, PolicyKind::isDigest);
    }

    /** The first valid entry with mirrors of each source in the objects of the kinds {@code kinds} accepts. */
    static Map<String, MirrorEntry> usableEntries(List<PolicyObject> objects, java.util.function.Predicate<PolicyKind> kinds) {
        Map<String, MirrorEntry> bySource = new LinkedHashMap<>();
        for (PolicyObject o : objects) {
            if (!kinds.test(o.kind())) {
                continue;
            }
            for (MirrorEntry e : o.entries()) {
                if (e.source() != null && !e.presentMirrors().isEmpty() && validSource(e.source())) {
                    bySource.putIfAbsent(e.source(), e);
                }
            }
        }
        return bySource;
    }

    static boolean validSource(String source) {
        try {
            SourcePattern.validateSource(source);
            return true;
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /**
     * The {@code OPENSHIFT_IMG_OVERRIDES=<value>} string the ICSP and IDMS objects serialise to (SPEC §4) must fit in
     * {@link ControlPlaneContract#MAX_ARG_STRLEN} bytes with its terminating NUL, or the pods that carry it cannot
     * start. Above {@link #SIZE_WARNING_RATIO} of that it is a warning.
     */
    public static List<Finding> overridesSize(List<PolicyObject> objects) {
        Policies policies = new Policies();
        objects.stream().filter(o -> o.kind().isDigest()).forEach(o -> policies.add(o.object(), o.origin()));
        MirrorOverrides overrides = MirrorOverridesBuilder.build(policies).overrides();
        String env = ControlPlaneContract.ENV_IMG_OVERRIDES + "=" + overrides.format();
        int bytes = env.getBytes(StandardCharsets.UTF_8).length + 1;
        int limit = ControlPlaneContract.MAX_ARG_STRLEN;
        if (bytes <= limit * SIZE_WARNING_RATIO) {
            return List.of();
        }
        boolean over = bytes > limit;
        int pieces = overrides.asMap().values().stream().mapToInt(List::size).sum();
        String biggest = overrides.asMap().entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<String>> en) -> -weight(en)).thenComparing(Map.Entry::getKey))
                .limit(3)
                .map(en -> en.getKey() + " (" + weight(en) + " bytes)")
                .collect(Collectors.joining(", "));
        return List.of(new Finding(over ? Severity.ERROR : Severity.WARNING, Rule.OVERRIDES_TOO_LONG,
                "all ImageContentSourcePolicy and ImageDigestMirrorSet objects", ControlPlaneContract.ENV_IMG_OVERRIDES,
                "the serialised mirror overrides take " + bytes + " bytes (" + overrides.size() + " sources, " + pieces
                        + " source=mirror pieces), " + (over ? "over" : "close to") + " Linux's " + limit
                        + "-byte limit on one argument or environment string (MAX_ARG_STRLEN); "
                        + (over ? "the control-plane-operator and ignition-server pods could not start"
                                : "a few more runs will push it over, and the ignition-server argument also carries the --registry-overrides entries")
                        + "; largest sources: " + biggest,
                "use fewer, broader sources: mirror whole namespaces rather than single repositories "
                        + "(oc-mirror v1 and v2 write one entry per repository when run with --max-nested-paths)"));
    }

    private static int weight(Map.Entry<String, List<String>> en) {
        return en.getValue().stream().mapToInt(m -> en.getKey().length() + 2 + m.length()).sum();
    }
}
