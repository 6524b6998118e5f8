package io.hypershift.ignition.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /etc/hypershift/release.json}: the release the node belongs to and the pull specs of the components it needs,
 * each translated to the pull spec that served it (live translation, SPEC §5/§6) and pinned by digest, so that the
 * node's digest-only mirror rules apply to it.
 *
 * <pre>{@code
 * {
 *   "version" : "4.16.0",
 *   "image" : "<release image as in the spec>",
 *   "servedBy" : "<the pull spec that served the release>",
 *   "components" : {
 *     "pod" : { "image" : "<served repository>@sha256:...", "digest" : "sha256:..." }
 *   }
 * }
 * }</pre>
 */
public final class NodeRelease {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One component: the pull spec that serves it, pinned by digest, and that digest. */
    public record Component(String image, String digest) {}

    private NodeRelease() {}

    public static String render(String version, String image, String servedBy, Map<String, Component> components) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", version);
        root.put("image", image);
        root.put("servedBy", servedBy);
        ObjectNode cs = root.putObject("components");
        new TreeMap<>(components).forEach((name, c) -> {
            ObjectNode n = cs.putObject(name);
            n.put("image", c.image());
            n.put("digest", c.digest());
        });
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
