package io.hypershift.support.mirrorpolicy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrors;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorsBuilder;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSetBuilder;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrors;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorsBuilder;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicyBuilder;
import io.fabric8.openshift.api.model.operator.v1alpha1.RepositoryDigestMirrors;
import io.fabric8.openshift.api.model.operator.v1alpha1.RepositoryDigestMirrorsBuilder;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.SourcePattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Merges the mirror policies of several inputs (oc-mirror runs, files) into one policy set.
 *
 * <ul>
 *   <li><b>Order.</b> Inputs are taken in the order given ({@link PolicyInputs} orders the runs of a workspace oldest
 *       first), then objects in file and document order, then entries, then mirrors. "Earlier" means earlier in that
 *       walk: a source's mirrors are listed in the order they first appear, so earlier runs' mirrors come first.</li>
 *   <li><b>Deduplication.</b> One entry per source; a mirror repeated for a source is kept once, at its first
 *       position. A source is NeverContactSource when any input says so.</li>
 *   <li><b>Kinds.</b> ICSP and IDMS entries become one digest policy of the requested kind; ITMS entries become one
 *       ImageTagMirrorSet and are never mixed into the digest policy.</li>
 *   <li><b>Determinism.</b> Entries are sorted by source; objects are named {@code name}; nothing from the inputs'
 *       metadata (timestamps, oc-mirror annotations) is copied. The same inputs give the same objects.</li>
 * </ul>
 * Invalid entries are errors ({@link UserInputException}, naming the object and field): the output must be
 * applicable. Sources without any mirror are left out, with a warning.
 */
public final class PolicyMerger {
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** The kind of the merged digest policy. */
    public enum OutputKind { ICSP, IDMS }

    /** The merged objects (digest policy first, then the ITMS), warnings, and a one-line summary. */
    public record Result(List<HasMetadata> objects, List<String> warnings, String summary) {
        public Result {
            objects = List.copyOf(objects);
            warnings = List.copyOf(warnings);
        }
    }

    private PolicyMerger() {}

    public static Result merge(List<PolicyInput> inputs, OutputKind outputKind, String name) {
        if (name == null || name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
            throw new UserInputException("--name: \"" + name + "\" is not a valid object name (lowercase letters, "
                    + "digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)");
        }
        List<PolicyObject> objects = PolicyInputs.policies(inputs);
        if (objects.isEmpty()) {
            throw new UserInputException("no ImageContentSourcePolicy, ImageDigestMirrorSet or ImageTagMirrorSet in "
                    + String.join(", ", inputs.stream().map(i -> i.path().toString()).toList()));
        }
        List<String> warnings = new ArrayList<>();
        rejectInvalidEntries(objects, warnings);

        Map<String, Merged> digest = new LinkedHashMap<>();
        Map<String, Merged> tag = new LinkedHashMap<>();
        int repeats = 0;
        for (PolicyObject o : objects) {
            for (MirrorEntry e : o.entries()) {
                Merged m = (e.kind().isDigest() ? digest : tag).computeIfAbsent(e.source(), s -> new Merged(e));
                for (String mirror : e.presentMirrors()) {
                    if (!m.mirrors.add(mirror)) {
                        repeats++;
                    }
                }
                if (e.neverContactSource()) {
                    if (m.neverFrom == null) {
                        m.neverFrom = e;
                    }
                } else if (m.allowFrom == null) {
                    m.allowFrom = e;
                }
            }
        }
        List<HasMetadata> out = new ArrayList<>();
        TreeMap<String, Merged> digestSorted = usable(digest, warnings);
        TreeMap<String, Merged> tagSorted = usable(tag, warnings);
        if (!digestSorted.isEmpty()) {
            checkOutputKind(digestSorted, outputKind, warnings);
            out.add(outputKind == OutputKind.IDMS ? idms(name, digestSorted) : icsp(name, digestSorted));
        }
        if (!tagSorted.isEmpty()) {
            out.add(itms(name, tagSorted));
        }
        if (out.isEmpty()) {
            throw new UserInputException("no entry with a mirror in " + String.join(", ",
                    inputs.stream().map(i -> i.path().toString()).toList()));
        }
        List<PolicyObject> merged = out.stream().map(o -> PolicyObject.of(o, null)).toList();
        SetRules.overridesSize(merged).forEach(f -> warnings.add(f.describe()));
        String summary = "merged " + objects.size() + " objects from " + inputs.size() + " inputs into "
                + count(digestSorted.size(), "digest source") + " and " + count(tagSorted.size(), "tag source")
                + "; " + count(repeats, "repeated mirror") + " folded";
        return new Result(out, warnings, summary);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** Entries that would make the output inapplicable are errors; repeats are what merging repairs. */
    private static void rejectInvalidEntries(List<PolicyObject> objects, List<String> warnings) {
        List<Finding> errors = new ArrayList<>();
        for (PolicyObject o : objects) {
            for (MirrorEntry e : o.entries()) {
                for (Finding f : EntryRules.check(e)) {
                    if (f.rule() == Rule.DUPLICATE_MIRROR || f.rule() == Rule.NEVER_CONTACT_WITHOUT_MIRROR
                            || f.rule() == Rule.NO_MIRRORS || f.rule() == Rule.SOURCE_TAG_OR_DIGEST && !f.isError()) {
                        continue; // repaired by merging, or judged on the merged entry
                    }
                    if (f.isError()) {
                        errors.add(f);
                    } else {
                        warnings.add(f.describe());
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new UserInputException(errors.get(0).describe() + (errors.size() == 1 ? ""
                    : " (and " + (errors.size() - 1) + " more errors; list them with: hypershift-operator mirror-policy lint PATH...)"));
        }
    }

    /** Sorted by source; sources with no mirror left out (an error when NeverContactSource). */
    private static TreeMap<String, Merged> usable(Map<String, Merged> merged, List<String> warnings) {
        TreeMap<String, Merged> out = new TreeMap<>();
        merged.forEach((source, m) -> {
            if (m.neverContactSource() && m.allowFrom != null) {
                warnings.add(m.neverFrom.object() + ": " + m.neverFrom.field() + ".mirrorSourcePolicy: " + source
                        + " is NeverContactSource here but not at " + m.allowFrom.object() + ": " + m.allowFrom.field()
                        + "; the merged entry keeps NeverContactSource");
            }
            if (!m.mirrors.isEmpty()) {
                out.put(source, m);
            } else if (m.neverContactSource()) {
                throw new UserInputException(m.neverFrom.object() + ": " + m.neverFrom.field() + ".mirrorSourcePolicy: "
                        + "NeverContactSource for " + source + ", and no input gives it a mirror; no pull of it could succeed");
            } else {
                warnings.add(m.first.object() + ": " + m.first.field() + ": " + source
                        + " has no mirror in any input; left out");
            }
        });
        return out;
    }

    private static void checkOutputKind(TreeMap<String, Merged> digest, OutputKind kind, List<String> warnings) {
        for (Map.Entry<String, Merged> en : digest.entrySet()) {
            String source = en.getKey();
            Merged m = en.getValue();
            if (kind == OutputKind.ICSP) {
                if (m.neverContactSource()) {
                    throw new UserInputException(m.neverFrom.object() + ": " + m.neverFrom.field() + ".mirrorSourcePolicy: "
                            + "NeverContactSource for " + source + " cannot be written in an ImageContentSourcePolicy; "
                            + "use --output-kind idms");
                }
                if (SourcePattern.isWildcard(source)) {
                    warnings.add(m.first.object() + ": " + m.first.field() + ".source: wildcard source " + source
                            + " written in an ImageContentSourcePolicy, whose API documents no wildcards; prefer --output-kind idms");
                }
            } else if (!SourcePattern.isWildcard(source) && !SourcePattern.isBareHost(source)) {
                ImageReference ref = ImageReference.parse(source);
                if (ref.tag() != null || ref.digest() != null) {
                    throw new UserInputException(m.first.object() + ": " + m.first.field() + ".source: \"" + source
                            + "\" has a tag or digest, which an ImageDigestMirrorSet source cannot hold; use "
                            + "--output-kind icsp, or make the source the repository " + ref.name());
                }
            }
        }
    }

    private static HasMetadata idms(String name, TreeMap<String, Merged> entries) {
        List<ImageDigestMirrors> list = new ArrayList<>();
        entries.forEach((source, m) -> list.add(new ImageDigestMirrorsBuilder()
                .withSource(source)
                .withMirrors(new ArrayList<>(m.mirrors))
                .withMirrorSourcePolicy(m.neverContactSource() ? MirrorEntry.NEVER_CONTACT_SOURCE : null)
                .build()));
        return new ImageDigestMirrorSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withImageDigestMirrors(list).endSpec()
                .build();
    }

    private static HasMetadata icsp(String name, TreeMap<String, Merged> entries) {
        List<RepositoryDigestMirrors> list = new ArrayList<>();
        entries.forEach((source, m) -> list.add(new RepositoryDigestMirrorsBuilder()
                .withSource(source)
                .withMirrors(new ArrayList<>(m.mirrors))
                .build()));
        return new ImageContentSourcePolicyBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withRepositoryDigestMirrors(list).endSpec()
                .build();
    }

    private static HasMetadata itms(String name, TreeMap<String, Merged> entries) {
        List<ImageTagMirrors> list = new ArrayList<>();
        entries.forEach((source, m) -> list.add(new ImageTagMirrorsBuilder()
                .withSource(source)
                .withMirrors(new ArrayList<>(m.mirrors))
                .withMirrorSourcePolicy(m.neverContactSource() ? MirrorEntry.NEVER_CONTACT_SOURCE : null)
                .build()));
        return new ImageTagMirrorSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withImageTagMirrors(list).endSpec()
                .build();
    }

    /** The merged state of one source. */
    private static final class Merged {
        final MirrorEntry first;
        final LinkedHashSet<String> mirrors = new LinkedHashSet<>();
        MirrorEntry neverFrom;
        MirrorEntry allowFrom;

        Merged(MirrorEntry first) {
            this.first = first;
        }

        boolean neverContactSource() {
            return neverFrom != null;
        }
    }
}
