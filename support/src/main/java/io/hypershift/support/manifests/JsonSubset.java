package io.hypershift.support.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether an object as the API server returns it still holds a desired state: every desired field is there with an
 * equal value, whatever the server defaulted around it. Lists must have the same length and match item by item
 * (a removed container or mirror is a difference); numbers compare by value ({@code 1} equals {@code 1.0}).
 */
public final class JsonSubset {
    private JsonSubset() {}

    /**
     * @param have the actual object (null or missing holds nothing)
     * @param want the desired fields (null or missing asks for nothing)
     */
    public static boolean contains(JsonNode have, JsonNode want) {
        if (want == null || want.isMissingNode() || want.isNull()) {
            return true;
        }
        if (have == null || have.isMissingNode()) {
            return false;
        }
        if (want.isObject()) {
            if (!have.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!contains(have.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!contains(have.get(i), want.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isNumber() && have.isNumber()) {
            return want.decimalValue().compareTo(have.decimalValue()) == 0;
        }
        return want.equals(have);
    }
}
