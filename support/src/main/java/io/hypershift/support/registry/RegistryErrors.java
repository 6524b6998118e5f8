package io.hypershift.support.registry;

import io.hypershift.support.text.SafeText;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** The {@code errors} body of a distribution v2 error response, as text for a message. */
final class RegistryErrors {
    private RegistryErrors() {}

    /** {@code ", CODE: message"} for the first error in the body, or {@code ""}. */
    static String describe(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode first = Manifest.Json.MAPPER.readTree(body).path("errors").path(0);
            String code = first.path("code").asText("");
            String message = first.path("message").asText("");
            if (code.isEmpty() && message.isEmpty()) {
                return "";
            }
            return ", " + SafeText.clean(code, 64) + (message.isEmpty() ? "" : ": " + SafeText.clean(message, SafeText.FRAGMENT));
        } catch (IOException e) {
            return "";
        }
    }
}
