package io.hypershift.operator.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Deterministic serialisation of Kubernetes objects: map keys sorted, nulls left out. Used for {@code render}'s
 * YAML stream and JSON {@code List}, the golden fixtures, and the applied-state hash.
 */
public final class ObjectOutput {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    private static final ObjectMapper PRETTY = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private ObjectOutput() {}

    /** One YAML document per object, each starting with {@code ---}. */
    public static String yamlStream(List<? extends HasMetadata> objects) {
        StringBuilder sb = new StringBuilder();
        for (HasMetadata o : objects) {
            sb.append("---\n").append(yaml(o));
        }
        return sb.toString();
    }

    public static String yaml(Object o) {
        try {
            // through a tree so that map keys are sorted at every level, whatever the model's map types
            return YAML.writeValueAsString(sorted(JSON.valueToTree(o)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot serialise " + o.getClass().getSimpleName(), e);
        }
    }

    /** A {@code v1 List} of the objects, indented JSON. */
    public static String jsonList(List<? extends HasMetadata> objects) {
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        ArrayNode items = list.putArray("items");
        objects.forEach(o -> items.add(JSON.valueToTree(o)));
        try {
            return PRETTY.writeValueAsString(sorted(list)) + "\n";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compact JSON with sorted keys: equal objects give equal bytes. */
    public static byte[] canonicalJson(Object o) {
        try {
            return JSON.writeValueAsBytes(sorted(JSON.valueToTree(o)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the tree with the fields of every object sorted by name (arrays keep their order). */
    static com.fasterxml.jackson.databind.JsonNode sorted(com.fasterxml.jackson.databind.JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            java.util.List<String> names = new java.util.ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            java.util.Collections.sort(names);
            names.forEach(k -> out.set(k, sorted(n.get(k))));
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            n.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return n;
    }

    static String json(Object o) throws JsonProcessingException {
        return JSON.writeValueAsString(o);
    }
}
