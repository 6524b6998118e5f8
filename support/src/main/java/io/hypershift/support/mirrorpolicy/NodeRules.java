package io.hypershift.support.mirrorpolicy;

import io.hypershift.support.dataplane.NodeHazards;
import io.hypershift.support.mirrorpolicy.Finding.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The digest policies as the nodes apply them (the MCO writes them into registries.conf, read by containers/image):
 * {@link NodeHazards} on the ICSP and IDMS entries, taken in the control plane's order (IDMS by name, then ICSP by
 * name descending). A NeverContactSource entry without mirrors is left to {@link EntryRules}.
 */
final class NodeRules {
    private static final Map<NodeHazards.Kind, Rule> RULES = Map.ofEntries(
            Map.entry(NodeHazards.Kind.NEVER_CONTACT_SHADOWED, Rule.NODE_NEVER_CONTACT_SHADOWED),
            Map.entry(NodeHazards.Kind.ENTRY_SHADOWED, Rule.NODE_ENTRY_SHADOWED),
            Map.entry(NodeHazards.Kind.MIRROR_WITHOUT_HOST, Rule.NODE_MIRROR_WITHOUT_HOST),
            Map.entry(NodeHazards.Kind.WILDCARD_HOST_PORT, Rule.NODE_WILDCARD_HOST_PORT),
            Map.entry(NodeHazards.Kind.MIRROR_BLOCKED, Rule.NODE_MIRROR_BLOCKED),
            Map.entry(NodeHazards.Kind.NEVER_CONTACT_WITHOUT_MIRROR, Rule.NEVER_CONTACT_WITHOUT_MIRROR),
            Map.entry(NodeHazards.Kind.BARE_HOST_CAPTURES_PORT, Rule.NODE_BARE_HOST_CAPTURES_PORT),
            Map.entry(NodeHazards.Kind.ORDER_DIFFERS, Rule.NODE_MIRROR_ORDER_DIFFERS));

    private NodeRules() {}

    static List<Finding> check(List<PolicyObject> objects) {
        Comparator<PolicyObject> byName = Comparator.comparing(o -> o.name() == null ? "" : o.name());
        List<PolicyObject> ordered = new ArrayList<>();
        objects.stream().filter(o -> o.kind() == PolicyKind.IDMS).sorted(byName).forEach(ordered::add);
        objects.stream().filter(o -> o.kind() == PolicyKind.ICSP).sorted(byName.reversed()).forEach(ordered::add);
        List<NodeHazards.Entry> entries = new ArrayList<>();
        for (PolicyObject o : ordered) {
            for (MirrorEntry e : o.entries()) {
                entries.add(new NodeHazards.Entry(e.object() + ": " + e.field(), e.source(), e.mirrors(),
                        e.neverContactSource()));
            }
        }
        List<Finding> out = new ArrayList<>();
        for (NodeHazards.Hazard h : NodeHazards.check(entries, false)) {
            int colon = h.where().lastIndexOf(": ");
            out.add(new Finding(h.kind().error() ? Severity.ERROR : Severity.WARNING, RULES.get(h.kind()),
                    h.where().substring(0, colon), h.where().substring(colon + 2), h.message(), h.fix()));
        }
        return out;
    }
}
