package io.hypershift.support.registryoverride;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Mirror overrides (HyperShift: OpenShift image registry overrides): each source with its mirrors in priority order,
 * and the sources whose IDMS says {@code NeverContactSource}. Immutable; sources iterate in sorted order, and no
 * source holds the same mirror twice.
 */
public final class MirrorOverrides {
    private static final MirrorOverrides EMPTY = new MirrorOverrides(new TreeMap<>(), new TreeSet<>());

    private final Map<String, List<String>> mirrors;
    private final Set<String> neverContactSource;
    private final PrefixMatcher<List<String>> matcher;

    private MirrorOverrides(TreeMap<String, List<String>> mirrors, TreeSet<String> neverContactSource) {
        this.mirrors = Collections.unmodifiableMap(mirrors);
        this.neverContactSource = Collections.unmodifiableSet(neverContactSource);
        // a NeverContactSource source without mirrors still matches, and then has no candidate at all
        Map<String, List<String>> matchable = new TreeMap<>(mirrors);
        neverContactSource.forEach(s -> matchable.putIfAbsent(s, List.of()));
        this.matcher = PrefixMatcher.of(matchable);
    }

    public static MirrorOverrides empty() {
        return EMPTY;
    }

    /** From a map of source to mirrors; empty sources and mirrors are skipped, duplicates dropped (first kept). */
    public static MirrorOverrides of(Map<String, ? extends List<String>> map) {
        return of(map, Set.of());
    }

    public static MirrorOverrides of(Map<String, ? extends List<String>> map, Set<String> neverContactSource) {
        Builder b = builder();
        map.forEach((source, ms) -> ms.forEach(m -> b.add(source, m)));
        neverContactSource.forEach(b::neverContactSource);
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Source to mirrors, sources sorted, mirrors in priority order. */
    public Map<String, List<String>> asMap() {
        return mirrors;
    }

    /** Sources whose mirrors are the only place to pull from. */
    public Set<String> neverContactSources() {
        return neverContactSource;
    }

    public boolean isEmpty() {
        return mirrors.isEmpty();
    }

    public int size() {
        return mirrors.size();
    }

    public List<String> mirrorsOf(String source) {
        return mirrors.getOrDefault(source, List.of());
    }

    /** The longest source that matches {@code image} (SPEC §5). */
    public Optional<Match<List<String>>> match(String image) {
        return matcher.longest(image);
    }

    /**
     * The pull specs to try for {@code image}, in order: each mirror of the longest matching source, then the image
     * itself unless that source is NeverContactSource (SPEC §5). Without a match, just the image. A NeverContactSource
     * source without mirrors gives no candidate.
     */
    public List<String> candidates(String image) {
        Optional<Match<List<String>>> m = matcher.longest(image);
        if (m.isEmpty()) {
            return List.of(image);
        }
        Match<List<String>> match = m.get();
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String mirror : match.value()) {
            out.add(match.rewrite(image, mirror));
        }
        if (!neverContactSource.contains(match.source())) {
            out.add(image);
        }
        return List.copyOf(out);
    }

    /**
     * The pull specs to try for {@code image} when {@code tagMirrors} (built from ImageTagMirrorSets) apply as well.
     * A digest reference, or one no tag source matches, gets {@link #candidates(String)}. A tag reference gets the
     * mirrors of its longest matching tag source first, then {@link #candidates(String)} (the control plane keeps
     * looking tags up through the digest mirrors, as HyperShift does); the image itself stays last, and is left out
     * when the tag source is NeverContactSource.
     */
    public List<String> candidates(String image, MirrorOverrides tagMirrors) {
        // only a digest reference holds '@' ({@code name@sha256:...}, or {@code name:tag@sha256:...})
        Optional<Match<List<String>>> tag = image.indexOf('@') >= 0 ? Optional.empty() : tagMirrors.match(image);
        if (tag.isEmpty()) {
            return candidates(image);
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String mirror : tag.get().value()) {
            out.add(tag.get().rewrite(image, mirror));
        }
        boolean sourceAllowed = !tagMirrors.neverContactSources().contains(tag.get().source());
        for (String c : candidates(image)) {
            if (sourceAllowed || !c.equals(image)) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /** These overrides with the RO targets appended after the mirrors of each source (SPEC §7). */
    public MirrorOverrides withRegistryOverrides(RegistryOverrides ro) {
        if (ro.isEmpty()) {
            return this;
        }
        Builder b = toBuilder();
        ro.asMap().forEach(b::add);
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = builder();
        mirrors.forEach((source, ms) -> ms.forEach(m -> b.add(source, m)));
        neverContactSource.forEach(b::neverContactSource);
        return b;
    }

    /** The {@code OPENSHIFT_IMG_OVERRIDES} string (SPEC §4). */
    public String format() {
        return OverrideCodec.formatMirrors(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MirrorOverrides that
                && mirrors.equals(that.mirrors)
                && neverContactSource.equals(that.neverContactSource);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mirrors, neverContactSource);
    }

    @Override
    public String toString() {
        return "MirrorOverrides" + mirrors + (neverContactSource.isEmpty() ? "" : " neverContactSource=" + neverContactSource);
    }

    /** Accumulates source → mirror pairs in order, skipping empties and duplicates. */
    public static final class Builder {
        private final Map<String, LinkedHashSet<String>> mirrors = new LinkedHashMap<>();
        private final TreeSet<String> neverContactSource = new TreeSet<>();

        private Builder() {}

        /** Appends {@code mirror} to {@code source}; returns false when either is empty or the pair is already there. */
        public boolean add(String source, String mirror) {
            if (source == null || source.isEmpty() || mirror == null || mirror.isEmpty()) {
                return false;
            }
            return mirrors.computeIfAbsent(source, k -> new LinkedHashSet<>()).add(mirror);
        }

        public Builder neverContactSource(String source) {
            if (source != null && !source.isEmpty()) {
                neverContactSource.add(source);
            }
            return this;
        }

        public MirrorOverrides build() {
            if (mirrors.isEmpty() && neverContactSource.isEmpty()) {
                return EMPTY;
            }
            TreeMap<String, List<String>> sorted = new TreeMap<>();
            mirrors.forEach((source, ms) -> {
                if (!ms.isEmpty()) {
                    sorted.put(source, List.copyOf(new ArrayList<>(ms)));
                }
            });
            return new MirrorOverrides(sorted, new TreeSet<>(neverContactSource));
        }
    }
}
