package io.hypershift.support.dataplane;

import io.hypershift.support.imageref.SourcePattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /etc/containers/registries.conf} (containers-registries.conf(5), version 2) for the data plane, built from
 * {@code imageContentSources} by the MCO's rules ({@code openshift/runtime-utils pkg/registries EditRegistriesConfig}):
 *
 * <ul>
 *   <li>an entry whose mirrors are empty, or only repeat its source, is dropped, unless it is NeverContactSource: then
 *       its source stays, {@code blocked = true} with no mirror, so that an air gap does not leak because a mirror list
 *       is empty;</li>
 *   <li>entries of the same source merge into one, their mirror lists combined in a deterministic order that keeps
 *       each list's relative priority ({@link TopoOrder});</li>
 *   <li>sources sorted; one {@code [[registry]]} per source, {@code location = source} ({@code prefix = source} for a
 *       {@code *.domain} wildcard); {@code blocked = true} when any of its entries is NeverContactSource;</li>
 *   <li>a source without mirrors nested in a mirrored source gets that source's mirrors with its extra path (the MCO's
 *       {@code mirrorsAdjustedForNestedScope}), so that blocking it does not hide them;</li>
 *   <li>one {@code [[registry.mirror]]} per mirror with {@code pull-from-mirror = "digest-only"} (IDMS semantics).</li>
 *   <li>Beyond HyperShift, the tag mirrors of {@link DataPlaneMirrors#tagSets()} (ITMS semantics, as the MCO writes
 *       an ImageTagMirrorSet): in the same {@code [[registry]]} as the digest mirrors of their source, after them, with
 *       {@code pull-from-mirror = "tag-only"}; a source with tag mirrors only gets its own {@code [[registry]]}, after
 *       the digest-mirrored ones (the MCO appends them). {@code blocked = true} when either side is NeverContactSource.
 *       A registry nested in another scope inherits that scope's mirrors of the kind it lacks, with its extra path, so
 *       that adding a tag mirror does not hide the digest mirrors of an enclosing source (and the reverse).</li>
 * </ul>
 *
 * The text is laid out as the MCO's TOML encoder writes it, and is the same bytes for the same input.
 */
public final class RegistriesConf {
    /** The MCO default ({@code templates/common/_base/files/container-registries.yaml}). */
    public static final List<String> UNQUALIFIED_SEARCH_REGISTRIES = List.of("registry.access.redhat.com", "docker.io");
    public static final String PULL_FROM_MIRROR_DIGEST_ONLY = "digest-only";
    public static final String PULL_FROM_MIRROR_TAG_ONLY = "tag-only";

    /**
     * One {@code [[registry]]}: its scope, whether the source is blocked, its merged digest mirrors and its tag
     * mirrors.
     */
    public record Registry(String scope, boolean blocked, List<String> mirrors, List<String> tagMirrors) {
        public Registry {
            mirrors = List.copyOf(mirrors);
            tagMirrors = List.copyOf(tagMirrors);
        }

        /** Digest mirrors only. */
        public Registry(String scope, boolean blocked, List<String> mirrors) {
            this(scope, blocked, mirrors, List.of());
        }
    }

    private RegistriesConf() {}

    /** The merged registries, sorted by source. */
    public static List<Registry> registries(DataPlaneMirrors mirrors) {
        Map<String, List<List<String>>> bySource = new TreeMap<>();
        Map<String, Boolean> blocked = new LinkedHashMap<>();
        for (DataPlaneMirrors.MirrorSet set : mirrors.sets()) {
            boolean realMirror = hasRealMirror(set.source(), set.mirrors());
            if (!realMirror && !set.neverContactSource()) {
                continue;
            }
            List<List<String>> lists = bySource.computeIfAbsent(set.source(), k -> new ArrayList<>());
            if (realMirror) {
                lists.add(set.mirrors());
            }
            if (set.neverContactSource()) {
                blocked.put(set.source(), true);
            }
        }
        Map<String, List<String>> merged = new TreeMap<>();
        bySource.forEach((source, lists) -> merged.put(source, mergedMirrors(source, lists)));
        Map<String, List<String>> tags = new TreeMap<>();
        for (DataPlaneMirrors.MirrorSet set : mirrors.tagSets()) {
            if (hasRealMirror(set.source(), set.mirrors())) {
                tags.put(set.source(), mergedMirrors(set.source(), List.of(set.mirrors())));
                if (set.neverContactSource()) {
                    blocked.put(set.source(), true);
                }
            }
        }
        List<String> tagOnly = tags.keySet().stream().filter(s -> !merged.containsKey(s)).toList();
        if (!tags.isEmpty()) {
            // each kind of mirror is inherited by the registries nested in its scope that lack it
            merged.keySet().forEach(s -> tags.putIfAbsent(s, List.of()));
            tagOnly.forEach(s -> merged.put(s, List.of()));
            inheritNestedMirrors(tags);
        }
        inheritNestedMirrors(merged);
        List<Registry> out = new ArrayList<>();
        for (String source : merged.keySet()) {
            if (!tagOnly.contains(source)) {
                out.add(new Registry(source, blocked.getOrDefault(source, false), merged.get(source),
                        tags.getOrDefault(source, List.of())));
            }
        }
        for (String source : tagOnly) {
            out.add(new Registry(source, blocked.getOrDefault(source, false), merged.get(source), tags.get(source)));
        }
        return out;
    }

    /**
     * The MCO's last step: a registry without mirrors nested inside a mirrored (non-wildcard) scope would hide that
     * scope's mirrors, because the node uses only the longest prefix; so it gets them, with its extra path appended.
     * The mirrored scopes are visited in sorted order and the first one wins, as in the MCO. Here only a blocked
     * source with no mirror of its own can be such a registry.
     */
    private static void inheritNestedMirrors(Map<String, List<String>> merged) {
        for (Map.Entry<String, List<String>> mirrored : Map.copyOf(merged).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            String scope = mirrored.getKey();
            if (mirrored.getValue().isEmpty() || SourcePattern.isWildcard(scope)) {
                continue;
            }
            merged.replaceAll((sub, list) -> {
                if (!list.isEmpty() || !sub.startsWith(scope + "/")) {
                    return list;
                }
                String extra = sub.substring(scope.length());
                return mirrored.getValue().stream().map(m -> m + extra).toList();
            });
        }
    }

    /** The file's text. */
    public static String render(DataPlaneMirrors mirrors) {
        StringBuilder b = new StringBuilder();
        b.append("unqualified-search-registries = [");
        for (int i = 0; i < UNQUALIFIED_SEARCH_REGISTRIES.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(Toml.string(UNQUALIFIED_SEARCH_REGISTRIES.get(i)));
        }
        b.append("]\n");
        b.append("short-name-mode = \"\"\n");
        for (Registry r : registries(mirrors)) {
            b.append("\n[[registry]]\n");
            if (SourcePattern.isWildcard(r.scope())) {
                b.append("  prefix = ").append(Toml.string(r.scope())).append('\n');
            } else {
                b.append("  prefix = \"\"\n");
                b.append("  location = ").append(Toml.string(r.scope())).append('\n');
            }
            if (r.blocked()) {
                b.append("  blocked = true\n");
            }
            for (String m : r.mirrors()) {
                mirror(b, m, PULL_FROM_MIRROR_DIGEST_ONLY);
            }
            for (String m : r.tagMirrors()) {
                mirror(b, m, PULL_FROM_MIRROR_TAG_ONLY);
            }
        }
        return b.toString();
    }

    private static void mirror(StringBuilder b, String location, String pullFromMirror) {
        b.append("\n  [[registry.mirror]]\n");
        b.append("    location = ").append(Toml.string(location)).append('\n');
        b.append("    pull-from-mirror = ").append(Toml.string(pullFromMirror)).append('\n');
    }

    private static boolean hasRealMirror(String source, List<String> mirrors) {
        return mirrors.stream().anyMatch(m -> !m.equals(source));
    }

    /**
     * The mirror lists of one source merged: each list's order is an edge chain ending at the source (unless the list
     * names the source itself); the source, when it comes last, is implied by registries.conf and left out.
     */
    static List<String> mergedMirrors(String source, List<List<String>> lists) {
        TopoOrder graph = new TopoOrder();
        for (List<String> mirrors : lists) {
            for (int i = 0; i + 1 < mirrors.size(); i++) {
                graph.addEdge(mirrors.get(i), mirrors.get(i + 1));
            }
            if (!mirrors.contains(source)) {
                graph.addEdge(mirrors.get(mirrors.size() - 1), source);
            }
        }
        List<String> sorted = new ArrayList<>(graph.sorted());
        if (!sorted.isEmpty() && sorted.get(sorted.size() - 1).equals(source)) {
            sorted.remove(sorted.size() - 1);
        }
        return sorted;
    }

    /** TOML basic strings. */
    static final class Toml {
        private Toml() {}

        static String string(String s) {
            StringBuilder b = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\b' -> b.append("\\b");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\f' -> b.append("\\f");
                    case '\r' -> b.append("\\r");
                    default -> {
                        if (c < 0x20 || c == 0x7f) {
                            b.append(String.format("\\u%04X", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
    }
}
