package io.hypershift.support.manifests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Collectors;

/** One object read from a manifest file, with where it came from ({@code file: document N[, items[i]]}). */
public record ManifestDocument(String origin, String apiVersion, String kind, JsonNode node) {

    /** The object's {@code metadata.name}, or {@code null}. */
    public String name() {
        JsonNode n = node.path("metadata").path("name");
        return n.isTextual() ? n.asText() : null;
    }

    /** Converts the object to a model class; a type mismatch becomes a {@link ManifestException} naming the field. */
    public <T> T as(Class<T> type) {
        try {
            return Manifests.MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            throw new ManifestException(origin + ": " + kind + "/" + name() + ": " + fieldPath(e) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("invalid value"), e);
        } catch (JsonProcessingException e) {
            throw new ManifestException(origin + ": " + kind + "/" + name() + ": " + e.getOriginalMessage(), e);
        }
    }

    static String fieldPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(document)" : sb.toString();
    }

    @Override
    public String toString() {
        return origin + ": " + apiVersion + "/" + kind + " " + name();
    }

    static String describeKinds(java.util.Collection<String> kinds) {
        return kinds.stream().sorted().collect(Collectors.joining(", "));
    }
}
