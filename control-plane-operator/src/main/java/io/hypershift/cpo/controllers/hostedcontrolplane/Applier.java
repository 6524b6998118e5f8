package io.hypershift.cpo.controllers.hostedcontrolplane;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.support.manifests.JsonSubset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes desired objects: creates what is missing; replaces what differs (the desired object plus the labels and
 * annotations others added, at the observed {@code resourceVersion}, so a concurrent change is a conflict, not a lost
 * update); leaves alone what already holds every desired field, whatever the API server defaulted around them. Works
 * the same on a real API server and on the CRUD mock (no server-side apply needed).
 */
final class Applier {
    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    private static final List<String> METADATA_COMPARED = List.of("labels", "annotations", "ownerReferences");
    private static final List<String> COMPARED = List.of("spec", "data");

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;

    Applier(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
    }

    /** @return whether the object was created or changed */
    <T extends HasMetadata> boolean apply(T desired) {
        return apply(desired, (d, a) -> d);
    }

    /**
     * Like {@link #apply(HasMetadata)}, with {@code desired} first adjusted to the object as read (e.g. to keep a field
     * another controller owns). The update carries that read's {@code resourceVersion}, so a change made after it is
     * a conflict, never overwritten.
     */
    <T extends HasMetadata> boolean apply(T desired, java.util.function.BiFunction<T, T, T> adjustToActual) {
        T actual = client.resource(desired).get();
        if (actual != null) {
            desired = adjustToActual.apply(desired, actual);
        }
        String what = desired.getKind() + " " + desired.getMetadata().getNamespace() + "/" + desired.getMetadata().getName();
        if (actual == null) {
            client.resource(desired).create();
            LOG.info("created {}", what);
            return true;
        }
        if (covers(actual, desired)) {
            return false;
        }
        T update = serialization.clone(desired);
        update.getMetadata().setResourceVersion(actual.getMetadata().getResourceVersion());
        update.getMetadata().setLabels(merged(actual.getMetadata().getLabels(), desired.getMetadata().getLabels()));
        update.getMetadata().setAnnotations(merged(actual.getMetadata().getAnnotations(),
                desired.getMetadata().getAnnotations()));
        update.getMetadata().setFinalizers(actual.getMetadata().getFinalizers());
        client.resource(update).update();
        LOG.info("updated {}", what);
        return true;
    }

    /** Deletes an object the CPO wrote; one it did not write (no managed-by label) is left alone. */
    <T extends HasMetadata> boolean deleteIfManaged(Class<T> type, String namespace, String name) {
        T actual = client.resources(type).inNamespace(namespace).withName(name).get();
        if (actual == null) {
            return false;
        }
        Map<String, String> labels = actual.getMetadata().getLabels();
        if (labels == null || !ControlPlaneContract.CONTROL_PLANE_OPERATOR.equals(labels.get(ControlPlaneContract.MANAGED_BY_LABEL))) {
            LOG.warn("{} {}/{} is not managed by the control-plane-operator; left alone", type.getSimpleName(), namespace, name);
            return false;
        }
        client.resources(type).inNamespace(namespace).withName(name).delete();
        LOG.info("deleted {} {}/{}", type.getSimpleName(), namespace, name);
        return true;
    }

    /** Whether {@code actual} holds every desired label, annotation, owner reference, and spec/data field. */
    boolean covers(HasMetadata actual, HasMetadata desired) {
        JsonNode a = serialization.convertValue(actual, JsonNode.class);
        JsonNode d = serialization.convertValue(desired, JsonNode.class);
        for (String field : METADATA_COMPARED) {
            if (!JsonSubset.contains(a.path("metadata").path(field), d.path("metadata").path(field))) {
                return false;
            }
        }
        for (String field : COMPARED) {
            if (!JsonSubset.contains(a.path(field), d.path(field))) {
                return false;
            }
        }
        // a key removed from data must be removed on the server too
        return !d.has("data") || a.path("data").size() == d.path("data").size();
    }

    private static Map<String, String> merged(Map<String, String> actual, Map<String, String> desired) {
        Map<String, String> out = new TreeMap<>();
        if (actual != null) {
            out.putAll(actual);
        }
        if (desired != null) {
            out.putAll(desired);
        }
        return out;
    }
}
