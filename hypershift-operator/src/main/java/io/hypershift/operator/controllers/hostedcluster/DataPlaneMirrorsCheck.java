package io.hypershift.operator.controllers.hostedcluster;

import io.hypershift.api.Annotations;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.dataplane.DataPlaneMirrors;
import io.hypershift.support.dataplane.NodeHazards;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ValidDataPlaneMirrors} condition (pure): False when an {@code imageContentSources} entry is left out of
 * the nodes' registries.conf, or when an entry is an error on the nodes ({@link NodeHazards}: their pulls fail, or a
 * NeverContactSource block does not hold); True with reason {@code DataPlaneMirrorWarnings} when the nodes only pull
 * differently from the control plane. Each problem names the entry and a fix. The message holds only printable characters and is
 * bounded.
 */
public final class DataPlaneMirrorsCheck {
    static final int MAX_MESSAGE = 4096;

    /** The condition's status, reason and message. */
    public record Result(String status, String reason, String message) {}

    private DataPlaneMirrorsCheck() {}

    public static Result check(HostedCluster hc) {
        Map<String, String> annotations = hc.getMetadata().getAnnotations();
        String neverContactValue = annotations == null ? null
                : annotations.get(Annotations.IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE);
        List<ImageContentSource> sources = hc.getSpec() == null || hc.getSpec().getImageContentSources() == null
                ? List.of() : hc.getSpec().getImageContentSources();
        DataPlaneMirrors mirrors = DataPlaneMirrors.of(sources, neverContactValue,
                annotations == null ? null : annotations.get(Annotations.IMAGE_TAG_MIRRORS));
        if (!mirrors.warnings().isEmpty()) {
            return new Result(Conditions.FALSE, Conditions.INVALID_DATA_PLANE_MIRRORS,
                    bounded("left out of the nodes' registries.conf: " + String.join("; ", mirrors.warnings())));
        }
        Set<String> neverContact = DataPlaneMirrors.parseSourceList(neverContactValue);
        List<NodeHazards.Entry> entries = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            ImageContentSource s = sources.get(i);
            entries.add(new NodeHazards.Entry("spec.imageContentSources[" + i + "]", s.getSource(),
                    s.getMirrors() == null ? List.of() : s.getMirrors(), neverContact.contains(s.getSource())));
        }
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (NodeHazards.Hazard h : NodeHazards.check(entries, true)) {
            (h.kind().error() ? errors : warnings).add(h.where() + ": " + h.message() + " (fix: " + h.fix() + ")");
        }
        if (!errors.isEmpty()) {
            List<String> all = new ArrayList<>(errors);
            all.addAll(warnings);
            return new Result(Conditions.FALSE, Conditions.DATA_PLANE_MIRROR_HAZARDS, bounded(String.join("; ", all)));
        }
        if (!warnings.isEmpty()) {
            return new Result(Conditions.TRUE, Conditions.DATA_PLANE_MIRROR_WARNINGS,
                    bounded("the nodes pull, but not as the control plane would: " + String.join("; ", warnings)));
        }
        return new Result(Conditions.TRUE, Conditions.AS_EXPECTED,
                "the nodes pull as imageContentSources say (hypershift-operator dataplane resolve shows how)");
    }

    /** Control characters replaced, and cut at {@link #MAX_MESSAGE} characters with a note. */
    static String bounded(String message) {
        StringBuilder b = new StringBuilder(Math.min(message.length(), MAX_MESSAGE));
        message.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        String clean = b.toString();
        return clean.length() <= MAX_MESSAGE ? clean
                : clean.substring(0, MAX_MESSAGE - 40) + " ... (truncated; see mirror-policy lint)";
    }
}
