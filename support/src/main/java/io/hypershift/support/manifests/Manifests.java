package io.hypershift.support.manifests;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads Kubernetes objects from YAML or JSON files: several documents per file, {@code List} kinds flattened, each
 * object tagged with its origin. A directory is read recursively, {@code *.yaml}, {@code *.yml} and {@code *.json}
 * files in name order.
 */
public final class Manifests {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .build();
    /** The largest manifest file read (the YAML loader's own code-point limit is about the same). */
    public static final long MAX_FILE_BYTES = 3L << 20;

    /** apiVersion and kind of the mirror policies this project reads. */
    public static final Map<String, String> POLICY_KINDS = Map.of(
            "ImageContentSourcePolicy", "operator.openshift.io/v1alpha1",
            "ImageDigestMirrorSet", "config.openshift.io/v1",
            "ImageTagMirrorSet", "config.openshift.io/v1");

    private Manifests() {}

    /**
     * A directory walk that failed part way (a subdirectory that cannot be read) as one line naming the entry, not a
     * stack trace: bad input, exit 2.
     */
    public static ManifestException unreadable(Path dir, UncheckedIOException e) {
        IOException cause = e.getCause();
        String entry = cause instanceof java.nio.file.FileSystemException fse && fse.getFile() != null
                ? fse.getFile() : dir.toString();
        String why = cause instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : cause.getMessage();
        return new ManifestException(dir + ": cannot read " + entry + ": " + why, e);
    }

    /** Reads every object in {@code path} (a file, or a directory read recursively). */
    public static List<ManifestDocument> read(Path path) {
        if (Files.isDirectory(path)) {
            List<ManifestDocument> out = new ArrayList<>();
            try (Stream<Path> files = Files.walk(path)) {
                files.filter(Files::isRegularFile)
                        .filter(p -> {
                            String n = p.getFileName().toString();
                            return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
                        })
                        .sorted()
                        .forEach(p -> out.addAll(read(p)));
            } catch (IOException e) {
                throw new ManifestException(path + ": cannot read directory: " + e.getMessage(), e);
            } catch (UncheckedIOException e) {
                throw unreadable(path, e);
            }
            return out;
        }
        try (InputStream in = Files.newInputStream(path)) {
            if (Files.isRegularFile(path) && Files.size(path) > MAX_FILE_BYTES) {
                // refused before parsing: one long scalar costs the YAML scanner quadratic time
                throw new ManifestException(LimitedInput.tooLong(path.toString()));
            }
            return read(in, path.toString());
        } catch (NoSuchFileException e) {
            throw new ManifestException(path + ": no such file");
        } catch (IOException e) {
            throw new ManifestException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads every object in a YAML or JSON stream; {@code name} is used in messages. Anchors, aliases and merge keys
     * are resolved ({@link YamlLoader}); a stream longer than {@link #MAX_FILE_BYTES} is refused.
     */
    public static List<ManifestDocument> read(InputStream in, String name) {
        List<ManifestDocument> out = new ArrayList<>();
        int index = 0;
        for (JsonNode node : YamlLoader.read(LimitedInput.of(in, name), name)) {
            index++;
            if (node == null || node.isNull() || node.isMissingNode() || (node.isObject() && node.isEmpty())) {
                continue;
            }
            flatten(node, name + ": document " + index, out);
        }
        return out;
    }

    private static void flatten(JsonNode node, String origin, List<ManifestDocument> out) {
        if (!node.isObject()) {
            throw new ManifestException(origin + ": not an object (a Kubernetes manifest is a map with apiVersion and kind)");
        }
        String kind = node.path("kind").asText("");
        String apiVersion = node.path("apiVersion").asText("");
        if (kind.isEmpty()) {
            throw new ManifestException(origin + ": kind: missing");
        }
        if (node.has("items") && (kind.equals("List") || kind.endsWith("List"))) {
            JsonNode items = node.get("items");
            if (!items.isArray()) {
                throw new ManifestException(origin + ": " + kind + ": items: not a list");
            }
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String itemOrigin = origin + ", items[" + i + "]";
                if (!item.has("kind") && kind.endsWith("List") && !kind.equals("List")) {
                    // typed lists (e.g. ImageContentSourcePolicyList) may leave out the items' kind
                    ((ObjectNode) item).put("kind", kind.substring(0, kind.length() - 4));
                    if (!item.has("apiVersion")) {
                        ((ObjectNode) item).put("apiVersion", apiVersion);
                    }
                }
                flatten(item, itemOrigin, out);
            }
            return;
        }
        if (apiVersion.isEmpty()) {
            throw new ManifestException(origin + ": " + kind + ": apiVersion: missing");
        }
        out.add(new ManifestDocument(origin, apiVersion, kind, node));
    }

    /** Whether the document is a mirror policy of the apiVersion this project reads. */
    public static boolean isPolicy(ManifestDocument d) {
        return d.apiVersion().equals(POLICY_KINDS.get(d.kind()));
    }

    /**
     * Reads the mirror policies from the documents. Any other kind (or a policy kind with another apiVersion) is an
     * error when {@code strict}, and skipped otherwise.
     */
    public static Policies policies(List<ManifestDocument> documents, boolean strict) {
        Policies policies = new Policies();
        for (ManifestDocument d : documents) {
            if (!isPolicy(d)) {
                if (strict) {
                    String want = POLICY_KINDS.get(d.kind());
                    throw new ManifestException(d.origin() + ": " + (want != null
                            ? "apiVersion: " + d.apiVersion() + " is not served for " + d.kind() + " (want " + want + ")"
                            : "kind: " + d.apiVersion() + "/" + d.kind() + " is not a mirror policy (want one of "
                              + ManifestDocument.describeKinds(POLICY_KINDS.keySet()) + ")"));
                }
                continue;
            }
            Class<? extends HasMetadata> type = switch (d.kind()) {
                case "ImageContentSourcePolicy" -> ImageContentSourcePolicy.class;
                case "ImageDigestMirrorSet" -> ImageDigestMirrorSet.class;
                default -> ImageTagMirrorSet.class;
            };
            policies.add(d.as(type), d.origin());
        }
        return policies;
    }

    /** Reads the mirror policies in every path (files or directories). */
    public static Policies readPolicies(List<Path> paths, boolean strict) {
        Policies all = new Policies();
        for (Path p : paths) {
            all.addAll(policies(read(p), strict));
        }
        return all;
    }
}
