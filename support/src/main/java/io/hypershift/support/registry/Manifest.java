package io.hypershift.support.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed manifest: an {@link Image} manifest (docker v2 schema 2 or OCI) or an {@link Index} (docker manifest list
 * or OCI index).
 */
public sealed interface Manifest permits Manifest.Image, Manifest.Index {
    String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** The {@code Accept} header: every kind this client reads. */
    String ACCEPT = String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    String mediaType();

    /** An image manifest: its config blob and its layers, base first. */
    record Image(String mediaType, Descriptor config, List<Descriptor> layers) implements Manifest {
        public Image {
            layers = List.copyOf(layers);
        }
    }

    /** A manifest list / index: one entry per platform. */
    record Index(String mediaType, List<Descriptor> manifests) implements Manifest {
        public Index {
            manifests = List.copyOf(manifests);
        }

        /** The first entry for {@code platform} (entries without a platform, e.g. attestations, never match). */
        public Optional<Descriptor> select(Platform platform) {
            return manifests.stream().filter(d -> d.platform() != null && platform.accepts(d.platform())).findFirst();
        }

        public List<String> platforms() {
            return manifests.stream().filter(d -> d.platform() != null).map(d -> d.platform().toString()).toList();
        }
    }

    /**
     * Parses a manifest. The {@code mediaType} field decides, else the response's {@code Content-Type}, else the shape
     * ({@code manifests} means an index).
     *
     * @throws IllegalArgumentException saying what is wrong (schema 1, not JSON, a missing field)
     */
    static Manifest parse(byte[] body, String contentType) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the manifest is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the manifest is not a JSON object");
        }
        if (root.path("schemaVersion").asInt() == 1) {
            throw new IllegalArgumentException("docker schema 1 manifests are not supported");
        }
        String mediaType = root.path("mediaType").asText("");
        if (mediaType.isEmpty() && contentType != null) {
            mediaType = contentType.split(";")[0].strip();
        }
        boolean index = mediaType.equals(DOCKER_LIST) || mediaType.equals(OCI_INDEX)
                || (!mediaType.equals(DOCKER_MANIFEST) && !mediaType.equals(OCI_MANIFEST) && root.has("manifests"));
        if (index) {
            List<Descriptor> entries = new ArrayList<>();
            for (JsonNode m : root.path("manifests")) {
                entries.add(descriptor(m, "manifests[]"));
            }
            return new Index(mediaType.isEmpty() ? OCI_INDEX : mediaType, entries);
        }
        if (!root.has("config")) {
            throw new IllegalArgumentException("the manifest has no config (media type \"" + mediaType + "\")");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : root.path("layers")) {
            layers.add(descriptor(l, "layers[]"));
        }
        return new Image(mediaType.isEmpty() ? OCI_MANIFEST : mediaType, descriptor(root.get("config"), "config"), layers);
    }

    private static Descriptor descriptor(JsonNode n, String field) {
        String digest = n.path("digest").asText("");
        if (digest.isEmpty()) {
            throw new IllegalArgumentException(field + ": no digest");
        }
        JsonNode p = n.get("platform");
        Platform platform = null;
        if (p != null && p.hasNonNull("os") && p.hasNonNull("architecture")) {
            platform = new Platform(p.get("os").asText(), p.get("architecture").asText(), p.path("variant").asText(null));
        }
        return new Descriptor(n.path("mediaType").asText(""), digest, n.path("size").asLong(-1), platform);
    }

    /** One shared mapper. */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {}
    }
}
