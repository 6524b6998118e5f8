package io.hypershift.support.manifests;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
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
            throw new ManifestException(origin + ": " + object() + ": " + fieldPath(e) + ": " + problem(e), e);
        } catch (JsonProcessingException e) {
            throw new ManifestException(origin + ": " + object() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** {@code Kind/name}, or just the kind when the object has no name (an ImageSetConfiguration often has none). */
    private String object() {
        return name() == null ? kind : kind + "/" + name();
    }

    /** What is wrong with the value, in YAML terms ("want a list, got a string") rather than Java types when possible. */
    static String problem(JsonMappingException e) {
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null
                && e.getProcessor() instanceof JsonParser parser && parser.currentToken() != null) {
            String want = describeType(mie.getTargetType());
            String got = describeToken(parser.currentToken());
            if (want != null && got != null) {
                return "want " + want + ", got " + got;
            }
        }
        return e.getOriginalMessage().lines().findFirst().orElse("invalid value");
    }

    private static String describeType(Class<?> type) {
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) {
            return "a number";
        }
        if (type.isEnum() || type.getName().startsWith("java.")) {
            return null;
        }
        return "an object";
    }

    private static String describeToken(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> null;
        };
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
