package io.hypershift.support.mirrorpolicy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.manifests.ManifestDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Lints mirror policies: {@link EntryRules} on every entry, then {@link SetRules} across them, then the nodes'
 * hazards ({@link NodeRules}), then, when an
 * ImageSetConfiguration is given, {@link ImageSetRules}. Findings come in input order, entry rules first.
 */
public final class PolicyLinter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PolicyLinter() {}

    /** Lints the policies of {@code inputs}; {@code imageSet} may be null. */
    public static List<Finding> lint(List<PolicyInput> inputs, ImageSetConfig.Loaded imageSet) {
        List<PolicyObject> objects = PolicyInputs.policies(inputs);
        if (objects.isEmpty()) {
            // a wrong path must not pass as "no findings"
            throw new UserInputException("no ImageContentSourcePolicy, ImageDigestMirrorSet or ImageTagMirrorSet in "
                    + inputs.stream().map(i -> i.path().toString()).collect(Collectors.joining(", ")) + "; nothing to lint");
        }
        List<Finding> out = new ArrayList<>();
        out.addAll(imageSetsAmongPolicies(inputs, imageSet));
        for (PolicyObject o : objects) {
            for (MirrorEntry e : o.entries()) {
                out.addAll(EntryRules.check(e));
            }
        }
        out.addAll(SetRules.repeatedMirrors(objects));
        out.addAll(SetRules.nameCollisions(objects));
        out.addAll(SetRules.releasePayload(objects));
        out.addAll(SetRules.overridesSize(objects));
        out.addAll(NodeRules.check(objects));
        if (imageSet != null) {
            out.addAll(ImageSetRules.check(imageSet, objects, PolicyInputs.others(inputs)));
        }
        return out;
    }

    /** An ImageSetConfiguration among the policy files is not read as one: say so, unless it is also the option. */
    private static List<Finding> imageSetsAmongPolicies(List<PolicyInput> inputs, ImageSetConfig.Loaded imageSet) {
        List<Finding> out = new ArrayList<>();
        for (ManifestDocument d : PolicyInputs.others(inputs)) {
            String origin = d.origin() + ": " + ImageSetConfig.KIND;
            if (ImageSetConfig.KIND.equals(d.kind()) && (imageSet == null || !imageSet.origin().equals(origin))) {
                String file = d.origin().replaceFirst(": document \\d+.*$", "");
                out.add(new Finding(Finding.Severity.WARNING, Rule.IMAGE_SET_NOT_CHECKED, origin, "kind",
                        "an ImageSetConfiguration among the policy files is not read as one, so its release channels and "
                                + "operator catalogs were not checked for coverage",
                        "pass it with --image-set-config " + file));
            }
        }
        return out;
    }

    public static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(Finding::isError);
    }

    /**
     * One block per finding, {@code <severity>[<rule>] <object>: <entry>: <message>} and an indented
     * {@code fix:} line, then a summary line.
     */
    public static String formatText(List<Finding> findings) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            sb.append(f.severity().label()).append('[').append(f.rule().id()).append("] ").append(f.describe()).append('\n');
            sb.append("  fix: ").append(f.fix()).append('\n');
        }
        sb.append(summary(findings)).append('\n');
        return sb.toString();
    }

    /** {@code 2 errors, 1 warning}, or {@code no findings}. */
    public static String summary(List<Finding> findings) {
        long errors = findings.stream().filter(Finding::isError).count();
        long warnings = findings.size() - errors;
        if (findings.isEmpty()) {
            return "no findings";
        }
        return errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings");
    }

    /** {@code {"errors": N, "warnings": M, "findings": [{severity, rule, object, entry, message, fix}]}}. */
    public static String formatJson(List<Finding> findings) {
        ObjectNode root = JSON.createObjectNode();
        long errors = findings.stream().filter(Finding::isError).count();
        root.put("errors", errors);
        root.put("warnings", findings.size() - errors);
        ArrayNode list = root.putArray("findings");
        for (Finding f : findings) {
            ObjectNode n = list.addObject();
            n.put("severity", f.severity().label());
            n.put("rule", f.rule().id());
            n.put("object", f.object());
            n.put("entry", f.entry());
            n.put("message", f.message());
            n.put("fix", f.fix());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
