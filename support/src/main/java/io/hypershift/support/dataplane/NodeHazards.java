package io.hypershift.support.dataplane;

import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.imageref.SourcePattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mirror entries that the nodes handle differently from what their author, or the control plane, expects: the rules
 * of {@link NodeRegistries} applied to the registries.conf those entries render to. Each hazard names the entry and
 * a fix.
 */
public final class NodeHazards {
    private static final String PROBE_DIGEST = "sha256:" + "0".repeat(64);

    /**
     * One kind of hazard: its id (as lint shows it) and whether it is an error: the nodes' pulls certainly fail, or a
     * NeverContactSource block does not hold.
     */
    public enum Kind {
        MIRROR_WITHOUT_HOST("node-mirror-without-host", true),
        WILDCARD_HOST_PORT("node-wildcard-host-port", false),
        MIRROR_BLOCKED("node-mirror-blocked", false),
        NEVER_CONTACT_WITHOUT_MIRROR("node-never-contact-without-mirror", true),
        BARE_HOST_CAPTURES_PORT("node-bare-host-captures-port", false),
        NEVER_CONTACT_SHADOWED("node-never-contact-shadowed", true),
        ENTRY_SHADOWED("node-entry-shadowed", false),
        ORDER_DIFFERS("node-mirror-order-differs", false);

        private final String id;
        private final boolean error;

        Kind(String id, boolean error) {
            this.id = id;
            this.error = error;
        }

        public String id() {
            return id;
        }

        public boolean error() {
            return error;
        }
    }

    /**
     * One entry, in the order the control plane reads them.
     *
     * @param where where it is written (object and field), for the message
     */
    public record Entry(String where, String source, List<String> mirrors, boolean neverContactSource) {
        public Entry {
            mirrors = mirrors == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(mirrors));
        }
    }

    /** A hazard of an entry: {@code where} names the entry (or its mirror), {@code fix} says what to change. */
    public record Hazard(Kind kind, String where, String message, String fix) {}

    private NodeHazards() {}

    /**
     * The hazards of these entries on the nodes.
     *
     * @param checkNeverContactWithoutMirror whether to report a NeverContactSource entry without mirrors (callers that
     *     already report it under another rule turn it off)
     */
    public static List<Hazard> check(List<Entry> given, boolean checkNeverContactWithoutMirror) {
        List<Entry> entries = valid(given);
        List<DataPlaneMirrors.MirrorSet> sets = new ArrayList<>();
        entries.forEach(e -> sets.add(new DataPlaneMirrors.MirrorSet(e.source(), validMirrors(e), e.neverContactSource())));
        DataPlaneMirrors mirrors = new DataPlaneMirrors(sets, List.of());
        NodeRegistries nodes = NodeRegistries.parse(RegistriesConf.render(mirrors));
        Map<String, List<String>> nodeOrder = new LinkedHashMap<>();
        RegistriesConf.registries(mirrors).forEach(r -> nodeOrder.put(r.scope(), r.mirrors()));

        List<Hazard> out = new ArrayList<>();
        Map<String, Entry> firstOf = new LinkedHashMap<>();
        Map<String, Set<String>> appendOrder = new LinkedHashMap<>();
        for (Entry e : entries) {
            boolean first = firstOf.putIfAbsent(e.source(), e) == null;
            appendOrder.computeIfAbsent(e.source(), k -> new LinkedHashSet<>()).addAll(validMirrors(e));
            for (int j = 0; j < e.mirrors().size(); j++) {
                if (e.mirrors().get(j) != null && validMirror(e.mirrors().get(j))) {
                    out.addAll(mirrorHazards(e, j, nodes));
                }
            }
            if (first) {
                List<Hazard> shadowed = shadowed(e, nodes, nodeOrder.containsKey(e.source()));
                sourceHazards(e, checkNeverContactWithoutMirror, nodeOrder.getOrDefault(e.source(), List.of())).stream()
                        // a shadowed entry captures nothing: its hazard says so instead
                        .filter(h -> shadowed.isEmpty() || h.kind() != Kind.BARE_HOST_CAPTURES_PORT)
                        .forEach(out::add);
                out.addAll(shadowed);
            }
        }
        appendOrder.forEach((source, written) -> {
            List<String> controlPlane = new ArrayList<>(written);
            controlPlane.remove(source);
            List<String> node = nodeOrder.getOrDefault(source, List.of()).stream().filter(m -> !m.equals(source)).toList();
            if (!node.isEmpty() && !node.equals(controlPlane)) {
                out.add(new Hazard(Kind.ORDER_DIFFERS, firstOf.get(source).where(),
                        "the mirrors of " + source + " are tried in the order " + controlPlane + " by the control plane "
                                + "but " + node + " by the nodes (their registries.conf merges repeated sources "
                                + "topologically, breaking ties by name)",
                        "list the mirrors of " + source + " once, in one entry, in the order you want"));
            }
        });
        return out;
    }

    /** The entries whose source is valid: lint reports the others itself. */
    private static List<Entry> valid(List<Entry> given) {
        return given.stream().filter(e -> e.source() != null && validSource(e.source())).toList();
    }

    /** An entry's valid mirrors, in order: the ones the nodes' file gets. */
    private static List<String> validMirrors(Entry e) {
        return e.mirrors().stream().filter(m -> m != null && validMirror(m)).toList();
    }

    private static boolean validSource(String source) {
        return DataPlaneMirrors.sourceProblem(source) == null;
    }

    private static boolean validMirror(String mirror) {
        try {
            SourcePattern.validateMirror(mirror);
            return true;
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    private static List<Hazard> mirrorHazards(Entry e, int j, NodeRegistries nodes) {
        List<Hazard> out = new ArrayList<>();
        String m = e.mirrors().get(j);
        String where = e.where() + ".mirrors[" + j + "]";
        try {
            DockerReference.parseCanonical(m + "/image@" + PROBE_DIGEST);
        } catch (DockerReference.Invalid invalid) {
            if (invalid.getMessage().equals(DockerReference.NOT_CANONICAL)) {
                out.add(new Hazard(Kind.MIRROR_WITHOUT_HOST, where, "mirror \"" + m + "\" has no registry host, so "
                                + "the nodes read it as docker.io/" + m + " and every digest pull of " + e.source()
                                + " fails (repository name must be canonical)",
                        "write the mirror with its registry host, e.g. registry.example.com/" + m));
            }
            return out;
        }
        nodes.find(m).filter(NodeRegistries.Registry::blocked).ifPresent(r -> out.add(new Hazard(Kind.MIRROR_BLOCKED,
                where, "mirror \"" + m + "\" lies under " + r.prefix() + ", which is blocked (NeverContactSource), so "
                        + "the nodes never use it",
                "serve the mirror from a location outside " + r.prefix() + ", or drop NeverContactSource for "
                        + r.prefix())));
        return out;
    }

    /**
     * A plain source that an equal-length wildcard matches: the nodes take the wildcard (it sorts first), so the
     * entry's mirrors, and its block, are never applied. A NeverContactSource source is then contacted.
     */
    private static List<Hazard> shadowed(Entry e, NodeRegistries nodes, boolean inFile) {
        if (!inFile || SourcePattern.isWildcard(e.source())) {
            return List.of();
        }
        NodeRegistries.Registry used = nodes.find(e.source()).orElse(null);
        if (used == null || used.prefix().equals(e.source())) {
            return List.of();
        }
        String where = e.where() + ".source";
        String fix = "give " + e.source() + "'s entry to " + used.prefix() + " (its mirrors and policy), or use a "
                + "longer source such as " + e.source() + "/<namespace>";
        if (e.neverContactSource()) {
            return List.of(new Hazard(Kind.NEVER_CONTACT_SHADOWED, where, "NeverContactSource for " + e.source()
                    + " does not hold on the nodes: the wildcard " + used.prefix() + " has the same length and wins, "
                    + "so the nodes contact " + e.source() + (used.blocked() ? "" : " directly"), fix));
        }
        return List.of(new Hazard(Kind.ENTRY_SHADOWED, where, "the nodes never use this entry: the wildcard "
                + used.prefix() + " has the same length as " + e.source() + " and wins", fix));
    }

    private static List<Hazard> sourceHazards(Entry e, boolean checkNeverContactWithoutMirror, List<String> nodeMirrors) {
        List<Hazard> out = new ArrayList<>();
        String source = e.source();
        String where = e.where() + ".source";
        if (SourcePattern.isWildcard(source)) {
            List<String> namespaced = validMirrors(e).stream().filter(m -> m.indexOf('/') >= 0).toList();
            if (!validMirrors(e).isEmpty()) {
                out.add(new Hazard(Kind.WILDCARD_HOST_PORT, where, "on the nodes, an image on host:port under " + source
                                + (namespaced.isEmpty() ? " is pulled from the mirror host with the image's port"
                                        : " cannot be pulled at all: the port lands inside the mirror's path "
                                                + namespaced.get(0) + " (invalid reference format)"),
                        "add a source for each host:port in use under " + source.substring(2)
                                + " (e.g. registry." + source.substring(2) + ":5000) with its own mirrors"));
            }
        } else if (source.indexOf('/') < 0 && source.indexOf(':') < 0
                && (e.neverContactSource() || validMirrors(e).stream().anyMatch(m -> m.indexOf('/') >= 0))) {
            out.add(new Hazard(Kind.BARE_HOST_CAPTURES_PORT, where, "on the nodes, source " + source + " also matches "
                            + "images on " + source + ":PORT, which the control plane does not match, and "
                            + (e.neverContactSource() ? "blocks them" : "their pulls through a mirror with a path fail "
                                    + "(invalid reference format)"),
                    "if images live on " + source + ":PORT, add a source for " + source + ":PORT with its own mirrors; "
                            + "otherwise no change is needed"));
        }
        if (checkNeverContactWithoutMirror && e.neverContactSource() && nodeMirrors.isEmpty()) {
            out.add(new Hazard(Kind.NEVER_CONTACT_WITHOUT_MIRROR, where, "source " + source + " is NeverContactSource "
                            + "with no mirror: the nodes are blocked from it and no pull under it can succeed",
                    "add the mirrors that hold " + source + "'s images, or stop marking it NeverContactSource"));
        }
        return out;
    }
}
