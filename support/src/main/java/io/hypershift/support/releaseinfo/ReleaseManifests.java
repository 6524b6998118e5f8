package io.hypershift.support.releaseinfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.InvalidReferenceException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two files that make an image a release image (SPEC §6): {@code release-manifests/image-references}, an
 * ImageStream whose {@code spec.tags[].name → from.name} are the component pull specs, and
 * {@code release-manifests/release-metadata}, JSON with the {@code version}. Pure parsing; errors name the file and
 * the field.
 */
public final class ReleaseManifests {
    public static final String IMAGE_REFERENCES = "release-manifests/image-references";
    public static final String RELEASE_METADATA = "release-manifests/release-metadata";
    /** The config label that carries the release version. */
    public static final String VERSION_LABEL = "io.openshift.release";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReleaseManifests() {}

    /** Component name → pull spec, in file order. */
    public static Map<String, String> componentImages(byte[] imageReferences) throws ReleaseLookupException {
        JsonNode root = readJson(imageReferences, IMAGE_REFERENCES);
        String kind = root.path("kind").asText("");
        if (!kind.isEmpty() && !kind.equals("ImageStream")) {
            throw invalid(IMAGE_REFERENCES + ": kind is " + kind + ", want ImageStream");
        }
        JsonNode tags = root.path("spec").path("tags");
        if (!tags.isArray() || tags.isEmpty()) {
            throw invalid(IMAGE_REFERENCES + ": spec.tags: missing or empty (no component images)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            JsonNode tag = tags.get(i);
            String name = tag.path("name").asText("");
            if (name.isEmpty()) {
                throw invalid(IMAGE_REFERENCES + ": spec.tags[" + i + "].name: missing");
            }
            String from = tag.path("from").path("name").asText("");
            if (from.isEmpty()) {
                throw invalid(IMAGE_REFERENCES + ": spec.tags[" + i + "] (" + name + ").from.name: missing");
            }
            try {
                ImageReference.parse(from);
            } catch (InvalidReferenceException e) {
                throw invalid(IMAGE_REFERENCES + ": spec.tags[" + i + "] (" + name + ").from.name: " + e.getMessage());
            }
            if (out.putIfAbsent(name, from) != null) {
                throw invalid(IMAGE_REFERENCES + ": spec.tags[" + i + "]: component " + name + " appears twice");
            }
        }
        return out;
    }

    /** The {@code version} of {@code release-metadata}. */
    public static String version(byte[] releaseMetadata) throws ReleaseLookupException {
        JsonNode root = readJson(releaseMetadata, RELEASE_METADATA);
        JsonNode v = root.get("version");
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw invalid(RELEASE_METADATA + ": version: missing or not a string");
        }
        return v.asText();
    }

    private static JsonNode readJson(byte[] data, String file) throws ReleaseLookupException {
        try {
            JsonNode root = JSON.readTree(data);
            if (root == null || !root.isObject()) {
                throw invalid(file + ": not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw invalid(file + ": not valid JSON");
        }
    }

    private static ReleaseLookupException invalid(String message) {
        return new ReleaseLookupException(message);
    }
}
