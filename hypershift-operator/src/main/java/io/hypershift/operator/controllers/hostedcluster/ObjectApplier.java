package io.hypershift.operator.controllers.hostedcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.operator.output.ObjectOutput;
import io.hypershift.support.manifests.JsonSubset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one desired object, only when needed. An object is left alone when it carries the hash of the desired
 * state this operator last wrote <em>and</em> still holds every desired field and value (so a removed field, a changed
 * value and a hand edit are all noticed). Otherwise it is written by server-side apply with this operator's field
 * manager, or, on a backend without server-side apply (the fabric8 mock), by create or replace.
 */
public final class ObjectApplier {
    public static final String FIELD_MANAGER = "hypershift-operator";
    public static final String HASH_ANNOTATION = "hypershift.openshift.io/applied-hash";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final boolean serverSideApply;
    private final ObjectReads reads;

    /** An applier that reads each object with a GET. */
    public ObjectApplier(KubernetesClient client, boolean serverSideApply) {
        this(client, serverSideApply, ObjectReads.live(client));
    }

    /** An applier that reads through {@code reads} (the informers' caches) and tells it what it wrote. */
    ObjectApplier(KubernetesClient client, boolean serverSideApply, ObjectReads reads) {
        this.client = client;
        this.serverSideApply = serverSideApply;
        this.reads = reads;
    }

    /** Writes {@code desired} if needed; returns the object as the API server has it. */
    public <R extends HasMetadata> R apply(R desired) {
        String hash = hash(desired);
        Map<String, String> annotations = desired.getMetadata().getAnnotations() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(desired.getMetadata().getAnnotations());
        annotations.put(HASH_ANNOTATION, hash);
        desired.getMetadata().setAnnotations(annotations);
        R actual = reads.get(desired);
        if (actual != null && upToDate(actual, desired, hash)) {
            return actual;
        }
        R written;
        if (serverSideApply) {
            desired.getMetadata().setResourceVersion(null);
            written = client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        } else if (actual == null) {
            written = client.resource(desired).create();
        } else {
            desired.getMetadata().setResourceVersion(actual.getMetadata().getResourceVersion());
            written = client.resource(desired).update();
        }
        reads.written(actual, written);
        return written;
    }

    static boolean upToDate(HasMetadata actual, HasMetadata desired, String hash) {
        Map<String, String> a = actual.getMetadata().getAnnotations();
        if (a == null || !hash.equals(a.get(HASH_ANNOTATION))) {
            return false;
        }
        JsonNode want = JSON.valueToTree(desired);
        JsonNode have = JSON.valueToTree(actual);
        ((com.fasterxml.jackson.databind.node.ObjectNode) want).remove("status");
        return JsonSubset.contains(have, want);
    }

    /** SHA-256 of the desired object's canonical JSON, without this annotation and without server-owned fields. */
    static String hash(HasMetadata desired) {
        JsonNode tree = JSON.valueToTree(desired);
        JsonNode meta = tree.path("metadata");
        if (meta.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode m = (com.fasterxml.jackson.databind.node.ObjectNode) meta;
            m.remove("resourceVersion");
            m.remove("managedFields");
            m.remove("uid");
            m.remove("creationTimestamp");
            m.remove("generation");
            JsonNode ann = m.path("annotations");
            if (ann.isObject()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) ann).remove(HASH_ANNOTATION);
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ObjectOutput.canonicalJson(tree));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
