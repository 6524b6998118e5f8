package io.hypershift.support.releaseinfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hypershift.support.manifests.ManifestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON that {@code release-info --output json} prints and {@code render --release-image-info} reads:
 * {@code {"image", "servedBy", "digest", "version", "components": {name: pull spec}}}, exactly one object.
 */
public final class ReleaseInfoJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReleaseInfoJson() {}

    public static String write(ReleaseImage release) {
        ObjectNode root = JSON.createObjectNode();
        root.put("image", release.image());
        root.put("servedBy", release.servedBy());
        root.put("digest", release.digest());
        root.put("version", release.version());
        ObjectNode components = root.putObject("components");
        release.componentImages().forEach(components::put);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the JSON; a missing or mistyped field is a {@link ManifestException} naming the file and field. */
    public static ReleaseImage read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ManifestException(file + ": no such file");
        } catch (IOException e) {
            throw new ManifestException(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new ManifestException(file + ": not a JSON object (want the output of release-info --output json)");
        }
        String image = text(root, file, "image", true);
        String servedBy = text(root, file, "servedBy", false);
        String digest = text(root, file, "digest", false);
        String version = text(root, file, "version", true);
        JsonNode components = root.get("components");
        if (components == null || !components.isObject()) {
            throw new ManifestException(file + ": components: missing or not an object of name -> pull spec");
        }
        Map<String, String> images = new LinkedHashMap<>();
        var it = components.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().isTextual() || e.getValue().asText().isEmpty()) {
                throw new ManifestException(file + ": components." + e.getKey() + ": not a pull spec string");
            }
            images.put(e.getKey(), e.getValue().asText());
        }
        return new ReleaseImage(image, servedBy == null ? image : servedBy, digest, version, images, Map.of());
    }

    private static String text(JsonNode root, Path file, String field, boolean required) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new ManifestException(file + ": " + field + ": missing");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new ManifestException(file + ": " + field + ": not a string");
        }
        return n.asText();
    }
}
