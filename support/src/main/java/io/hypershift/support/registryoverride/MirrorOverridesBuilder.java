package io.hypershift.support.registryoverride;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrors;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrors;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.fabric8.openshift.api.model.operator.v1alpha1.RepositoryDigestMirrors;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.imageref.SourcePattern;
import io.hypershift.support.manifests.Policies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Builds mirror overrides from the management cluster's policies (SPEC §3, HyperShift's
 * {@code GetAllImageRegistryMirrors}).
 *
 * <ol>
 *   <li>IDMS first, objects by {@code metadata.name} ascending, entries in order; then ICSP, objects by name
 *       <em>descending</em>, entries in order. Each non-empty mirror is appended to its source.</li>
 *   <li>Sources are kept verbatim. Duplicate mirrors of a source are dropped, the first kept.</li>
 *   <li>IDMS {@code mirrorSourcePolicy: NeverContactSource} is kept.</li>
 * </ol>
 *
 * <p>Beyond HyperShift, every entry is validated and every problem reported, naming the object and field. An
 * invalid reference is kept verbatim (as HyperShift keeps it) and reported as an error; a value that would corrupt
 * the override string ({@code ,}, {@code =}, whitespace) is left out. Nothing is dropped silently.
 */
public final class MirrorOverridesBuilder {
    public static final String NEVER_CONTACT_SOURCE = "NeverContactSource";
    public static final String ALLOW_CONTACTING_SOURCE = "AllowContactingSource";

    private static final Comparator<HasMetadata> BY_NAME =
            Comparator.comparing(o -> o.getMetadata() == null || o.getMetadata().getName() == null ? "" : o.getMetadata().getName());

    /** The overrides, and every problem found on the way. */
    public record Result(MirrorOverrides overrides, List<PolicyProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean hasErrors() {
            return problems.stream().anyMatch(PolicyProblem::isError);
        }
    }

    private MirrorOverridesBuilder() {}

    public static Result build(List<ImageDigestMirrorSet> idms, List<ImageContentSourcePolicy> icsp) {
        return build(Policies.of(idms, icsp));
    }

    public static Result build(Policies policies) {
        MirrorOverrides.Builder out = MirrorOverrides.builder();
        List<PolicyProblem> problems = new ArrayList<>();

        addSets(out, problems, policies, policies.imageDigestMirrorSets(), "spec.imageDigestMirrors",
                set -> set.getSpec() == null ? null : set.getSpec().getImageDigestMirrors(),
                (ImageDigestMirrors e) -> new SetEntry(e.getSource(), e.getMirrors(), e.getMirrorSourcePolicy()));

        List<ImageContentSourcePolicy> icsp = new ArrayList<>(policies.imageContentSourcePolicies());
        icsp.sort(BY_NAME.reversed());
        for (ImageContentSourcePolicy p : icsp) {
            String object = policies.originOf(p);
            List<RepositoryDigestMirrors> entries = p.getSpec() == null ? null : p.getSpec().getRepositoryDigestMirrors();
            if (entries == null) {
                continue;
            }
            for (int i = 0; i < entries.size(); i++) {
                RepositoryDigestMirrors e = entries.get(i);
                if (e != null) {
                    addEntry(out, problems, object, "spec.repositoryDigestMirrors[" + i + "]", e.getSource(), e.getMirrors());
                }
            }
        }
        return new Result(out.build(), problems);
    }

    /**
     * Builds the tag mirrors from the ImageTagMirrorSets alone (Beyond HyperShift, which reads no ITMS): objects by
     * {@code metadata.name} ascending, entries in order, {@code mirrorSourcePolicy} kept, every problem reported as
     * for an IDMS. Lookups use them for tag references only, before the digest mirrors.
     */
    public static Result buildTagMirrors(Policies policies) {
        MirrorOverrides.Builder out = MirrorOverrides.builder();
        List<PolicyProblem> problems = new ArrayList<>();
        addSets(out, problems, policies, policies.imageTagMirrorSets(), "spec.imageTagMirrors",
                set -> set.getSpec() == null ? null : set.getSpec().getImageTagMirrors(),
                (ImageTagMirrors e) -> new SetEntry(e.getSource(), e.getMirrors(), e.getMirrorSourcePolicy()));
        return new Result(out.build(), problems);
    }

    /** One entry of an IDMS or ITMS: both kinds have the same three fields. */
    private record SetEntry(String source, List<String> mirrors, String policy) {}

    /** Adds the entries of IDMS or ITMS objects, objects by name ascending, entries in order. */
    private static <T extends HasMetadata, E> void addSets(MirrorOverrides.Builder out, List<PolicyProblem> problems,
            Policies policies, List<T> sets, String fieldPrefix, Function<T, List<E>> entriesOf,
            Function<E, SetEntry> toEntry) {
        List<T> sorted = new ArrayList<>(sets);
        sorted.sort(BY_NAME);
        for (T set : sorted) {
            List<E> entries = entriesOf.apply(set);
            if (entries != null) {
                for (int i = 0; i < entries.size(); i++) {
                    E e = entries.get(i);
                    if (e != null) {
                        addSetEntry(out, problems, policies.originOf(set), fieldPrefix + "[" + i + "]", toEntry.apply(e));
                    }
                }
            }
        }
    }

    private static void addSetEntry(MirrorOverrides.Builder out, List<PolicyProblem> problems, String object,
            String field, SetEntry e) {
        if (!addEntry(out, problems, object, field, e.source(), e.mirrors())) {
            return;
        }
        String policy = e.policy();
        if (NEVER_CONTACT_SOURCE.equals(policy)) {
            out.neverContactSource(e.source());
        } else if (policy != null && !policy.isEmpty() && !ALLOW_CONTACTING_SOURCE.equals(policy)) {
            problems.add(new PolicyProblem(PolicyProblem.Severity.ERROR, object, field + ".mirrorSourcePolicy",
                    "unknown policy \"" + policy + "\" (want " + NEVER_CONTACT_SOURCE + " or "
                            + ALLOW_CONTACTING_SOURCE + "); the source may still be contacted"));
        }
    }

    /**
     * Adds one entry's mirrors; returns false when the whole entry was left out. Invalid references are kept verbatim,
     * as HyperShift keeps them, and reported as errors; only what would corrupt the override string is left out.
     */
    private static boolean addEntry(MirrorOverrides.Builder out, List<PolicyProblem> problems, String object,
            String field, String source, List<String> mirrors) {
        if (source == null || source.isEmpty()) {
            problems.add(new PolicyProblem(PolicyProblem.Severity.WARNING, object, field + ".source",
                    "empty source; entry skipped"));
            return false;
        }
        if (!validate(problems, object, field + ".source", source, true)) {
            return false;
        }
        if (mirrors == null) {
            return true;
        }
        for (int j = 0; j < mirrors.size(); j++) {
            String mirror = mirrors.get(j);
            if (mirror != null && !mirror.isEmpty() && validate(problems, object, field + ".mirrors[" + j + "]", mirror, false)) {
                out.add(source, mirror);
            }
        }
        return true;
    }

    /** Reports an invalid value; returns false when it cannot be carried in an override string at all. */
    private static boolean validate(List<PolicyProblem> problems, String object, String field, String value, boolean source) {
        if (!OverrideCodec.isEncodable(value)) {
            problems.add(new PolicyProblem(PolicyProblem.Severity.ERROR, object, field, "\"" + value
                    + "\" contains ',', '=' or whitespace and cannot be carried in the override string; left out"));
            return false;
        }
        try {
            SourcePattern.validate(value, source);
        } catch (InvalidReferenceException ex) {
            problems.add(new PolicyProblem(PolicyProblem.Severity.ERROR, object, field, ex.getMessage()));
        }
        return true;
    }
}
