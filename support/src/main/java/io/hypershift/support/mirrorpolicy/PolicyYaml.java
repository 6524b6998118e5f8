package io.hypershift.support.mirrorpolicy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes objects as a kubectl-applicable YAML stream, byte for byte the same for the same objects.
 *
 * <ul>
 *   <li>Every document starts with a {@code ---} line, as oc-mirror's own files do.</li>
 *   <li>Map keys are sorted at every level (what {@code oc} and oc-mirror print, via sigs.k8s.io/yaml); list order is
 *       kept.</li>
 *   <li>Null values, empty lists and empty maps are left out, and so are {@code status} and
 *       {@code metadata.creationTimestamp}; {@code spec} is always written.</li>
 *   <li>Strings are plain where YAML allows, quoted where a plain scalar would read back as something else
 *       ({@code "true"}, {@code "1234"}, {@code '*.example.com'}); lines are never folded.</li>
 * </ul>
 */
public final class PolicyYaml {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private PolicyYaml() {}

    public static String write(List<? extends HasMetadata> objects) {
        StringBuilder sb = new StringBuilder();
        for (HasMetadata o : objects) {
            sb.append("---\n").append(document(o));
        }
        return sb.toString();
    }

    static String document(HasMetadata object) {
        ObjectNode tree = (ObjectNode) canonical(JSON.valueToTree(object));
        tree.remove("status");
        if (tree.get("metadata") instanceof ObjectNode meta) {
            meta.remove("creationTimestamp");
        }
        if (!tree.has("spec")) {
            tree.putObject("spec");
            tree = (ObjectNode) canonical(tree);
        }
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys sorted, nulls and empty containers dropped, recursively. */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> f : fields) {
                JsonNode v = canonical(f.getValue());
                if (!isEmpty(v) || f.getKey().equals("spec") && v.isObject()) {
                    out.set(f.getKey(), v);
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                JsonNode v = canonical(item);
                if (!v.isNull() && !v.isMissingNode()) {
                    out.add(v);
                }
            }
            return out;
        }
        return node;
    }

    private static boolean isEmpty(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || (v.isContainerNode() && v.isEmpty());
    }
}
