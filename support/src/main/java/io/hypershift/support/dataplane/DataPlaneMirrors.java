package io.hypershift.support.dataplane;

import io.hypershift.api.Annotations;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.imageref.SourcePattern;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.OverrideCodec;
import io.hypershift.support.registryoverride.ParseResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The data-plane mirror rules of a hosted cluster: {@code spec.imageContentSources} in their order, validated, with
 * the NeverContactSource sources marked.
 *
 * <p>{@code imageContentSources} has no policy field. NeverContactSource reaches the data plane through the
 * annotation {@link io.hypershift.api.Annotations#IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE} on the HostedCluster
 * (copied to the HostedControlPlane): a comma-separated list of sources exactly as written in
 * {@code imageContentSources}. Both the control-plane-operator's IDMS ConfigMap ({@code mirrorSourcePolicy}) and the
 * ignition-server's {@code registries.conf} ({@code blocked = true}) read it from here.
 *
 * <p>Tag mirrors (Beyond HyperShift) come from the annotation {@link Annotations#IMAGE_TAG_MIRRORS}, in the override
 * string format ({@code source=mirror,...}): one {@link #tagSets() tag set} per source, sources sorted, mirrors in
 * priority order. They are validated like {@code imageContentSources}, and the NeverContactSource annotation applies to
 * their sources too.
 *
 * <p>Nothing is dropped silently: an entry with an empty or invalid source, an invalid mirror, or an annotation entry
 * that names no source gives a warning that names the field. Invalid values are left out, because a node whose
 * {@code registries.conf} does not parse pulls nothing at all.
 */
public record DataPlaneMirrors(List<MirrorSet> sets, List<MirrorSet> tagSets, List<String> warnings) {
    private static final DataPlaneMirrors EMPTY = new DataPlaneMirrors(List.of(), List.of(), List.of());

    /** One {@code imageContentSources} entry: a source, its valid mirrors in priority order, and its policy. */
    public record MirrorSet(String source, List<String> mirrors, boolean neverContactSource) {
        public MirrorSet {
            mirrors = List.copyOf(mirrors);
        }
    }

    public DataPlaneMirrors {
        sets = List.copyOf(sets);
        tagSets = List.copyOf(tagSets);
        warnings = List.copyOf(warnings);
    }

    /** Digest mirrors only. */
    public DataPlaneMirrors(List<MirrorSet> sets, List<String> warnings) {
        this(sets, List.of(), warnings);
    }

    public static DataPlaneMirrors empty() {
        return EMPTY;
    }

    /**
     * @param sources {@code spec.imageContentSources} (may be null)
     * @param neverContactSourceAnnotation the annotation value (may be null)
     */
    public static DataPlaneMirrors of(List<ImageContentSource> sources, String neverContactSourceAnnotation) {
        return of(sources, neverContactSourceAnnotation, null);
    }

    /**
     * @param sources {@code spec.imageContentSources} (may be null)
     * @param neverContactSourceAnnotation the NeverContactSource annotation value (may be null)
     * @param tagMirrorsAnnotation the {@link Annotations#IMAGE_TAG_MIRRORS} value (may be null)
     */
    public static DataPlaneMirrors of(List<ImageContentSource> sources, String neverContactSourceAnnotation,
            String tagMirrorsAnnotation) {
        List<String> warnings = new ArrayList<>();
        Set<String> neverContact = parseSourceList(neverContactSourceAnnotation);
        List<MirrorSet> sets = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        List<ImageContentSource> list = sources == null ? List.of() : sources;
        for (int i = 0; i < list.size(); i++) {
            ImageContentSource ics = list.get(i);
            String field = "spec.imageContentSources[" + i + "]";
            String source = ics == null || ics.getSource() == null ? "" : ics.getSource().strip();
            if (source.isEmpty()) {
                warnings.add(field + ".source: empty; entry left out");
                continue;
            }
            String problem = sourceProblem(source);
            if (problem != null) {
                warnings.add(field + ".source: \"" + source + "\" " + problem + "; entry left out");
                continue;
            }
            seen.add(source);
            List<String> mirrors = new ArrayList<>();
            List<String> given = ics.getMirrors() == null ? List.of() : ics.getMirrors();
            for (int j = 0; j < given.size(); j++) {
                String mirror = given.get(j) == null ? "" : given.get(j).strip();
                String mirrorProblem = mirrorProblem(mirror);
                if (mirrorProblem != null) {
                    warnings.add(field + ".mirrors[" + j + "]: \"" + mirror + "\" " + mirrorProblem + "; left out");
                } else {
                    mirrors.add(mirror);
                }
            }
            sets.add(new MirrorSet(source, mirrors, neverContact.contains(source)));
        }
        List<MirrorSet> tagSets = tagSets(tagMirrorsAnnotation, neverContact, warnings);
        tagSets.forEach(t -> seen.add(t.source()));
        for (String s : neverContact) {
            if (!seen.contains(s)) {
                warnings.add("annotation " + Annotations.IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE
                        + ": \"" + s + "\" is not a source in spec.imageContentSources"
                        + (tagMirrorsAnnotation == null ? "" : " or " + Annotations.IMAGE_TAG_MIRRORS) + "; ignored");
            }
        }
        if (sets.isEmpty() && tagSets.isEmpty() && warnings.isEmpty()) {
            return EMPTY;
        }
        return new DataPlaneMirrors(sets, tagSets, warnings);
    }

    /** The tag sets of the annotation: sources sorted, each validated as a data-plane source, mirrors in order. */
    private static List<MirrorSet> tagSets(String annotation, Set<String> neverContact, List<String> warnings) {
        if (annotation == null) {
            return List.of();
        }
        String where = "annotation " + Annotations.IMAGE_TAG_MIRRORS;
        ParseResult<MirrorOverrides> parsed = OverrideCodec.parseMirrors(annotation);
        parsed.warnings().forEach(w -> warnings.add(where + ": " + w));
        List<MirrorSet> out = new ArrayList<>();
        parsed.value().asMap().forEach((source, given) -> {
            String problem = sourceProblem(source);
            if (problem != null) {
                warnings.add(where + ": source \"" + source + "\" " + problem + "; its mirrors are left out");
                return;
            }
            List<String> mirrors = new ArrayList<>();
            for (String mirror : given) {
                String mirrorProblem = mirrorProblem(mirror);
                if (mirrorProblem != null) {
                    warnings.add(where + ": mirror \"" + mirror + "\" of \"" + source + "\" " + mirrorProblem
                            + "; left out");
                } else {
                    mirrors.add(mirror);
                }
            }
            if (!mirrors.isEmpty()) {
                out.add(new MirrorSet(source, mirrors, neverContact.contains(source)));
            }
        });
        return out;
    }

    /**
     * The data-plane mirrors of a HostedControlPlane, as every consumer reads them: the ignition-server (the
     * registries.conf it serves), the control-plane-operator and the HO's offline {@code dataplane} commands.
     */
    public static DataPlaneMirrors of(HostedControlPlane hcp) {
        Map<String, String> annotations = hcp.getMetadata() == null ? null : hcp.getMetadata().getAnnotations();
        return of(hcp.getSpec() == null ? null : hcp.getSpec().getImageContentSources(),
                annotations == null ? null : annotations.get(Annotations.IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE),
                annotations == null ? null : annotations.get(Annotations.IMAGE_TAG_MIRRORS));
    }

    /** The sources of a comma-separated list, stripped, empties skipped, in order. */
    public static Set<String> parseSourceList(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String piece : value.split(",")) {
            String s = piece.strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** No digest and no tag mirrors. */
    public boolean isEmpty() {
        return sets.isEmpty() && tagSets.isEmpty();
    }

    /** Why {@code source} cannot be a data-plane source, or null. */
    static String sourceProblem(String source) {
        try {
            SourcePattern.validateSource(source);
        } catch (InvalidReferenceException e) {
            return "is not a valid source (" + e.getMessage() + ")";
        }
        if (!SourcePattern.isWildcard(source) && source.indexOf('/') >= 0) {
            ImageReference ref = ImageReference.tryParse(source).orElse(null);
            if (ref != null && (ref.tag() != null || ref.digest() != null)) {
                return "has a tag or digest; a data-plane source is a registry, namespace or repository";
            }
        }
        return null;
    }

    private static String mirrorProblem(String mirror) {
        try {
            SourcePattern.validateMirror(mirror);
            return null;
        } catch (InvalidReferenceException e) {
            return "is not a valid mirror (" + e.getMessage() + ")";
        }
    }
}
