package io.hypershift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.support.testing.Eventually;
import io.hypershift.testing.kube.Crds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: the OLM annotations of SPEC §9 on the running HostedCluster, with the hypershift-operator and the
 * control-plane-operator of the earlier scenarios reacting: valid ones move the catalogs, invalid ones set
 * {@code ValidOLMCatalogOverrides=False} with the exact message and leave the catalogs as they were.
 */
abstract class OlmScenarios extends ControlPlaneScenarios {
    static final String REGISTRY_OVERRIDES = "hypershift.openshift.io/olm-catalogs-is-registry-overrides";
    static final String REDHAT = "hypershift.openshift.io/redhat-operators-catalog-image";
    static final String CERTIFIED = "hypershift.openshift.io/certified-operators-catalog-image";
    static final String COMMUNITY = "hypershift.openshift.io/community-operators-catalog-image";
    static final ResourceDefinitionContext IMAGE_STREAMS = new ResourceDefinitionContext.Builder()
            .withGroup("image.openshift.io").withVersion("v1").withPlural("imagestreams").withKind("ImageStream")
            .withNamespaced(true).build();

    @Test
    @Order(7)
    void scenario7_whenTheOlmAnnotationsChange_theCatalogsShouldFollowValidOnesAndKeepTheirStateOnInvalidOnes() {
        boolean imageStreams = Crds.servesImageStreams(client);
        timings.note("scenario7: the management cluster " + (imageStreams ? "serves" : "does not serve")
                + " image.openshift.io/v1 ImageStreams: catalogs "
                + (imageStreams ? "follow the catalogs ImageStream" : "pinned by digest by the control-plane-operator"));
        String m = mirror.hostPort();

        // discovery at the registry the annotation names (instead of RO's), the release's v4.16 index images there
        long t0 = System.nanoTime();
        annotate(Map.of(REGISTRY_OVERRIDES, "registry.redhat.io/redhat=" + m + "/" + OLM_NAMESPACE));
        awaitValid();
        if (imageStreams) {
            Map<String, String> tags = new TreeMap<>();
            MirroredRelease.CATALOG_INDEXES.forEach((catalog, repo) -> tags.put(catalog,
                    m + "/" + OLM_NAMESPACE + "/" + repo + ":" + MirroredRelease.CATALOG_TAG));
            Eventually.await("the catalogs ImageStream at " + OLM_NAMESPACE, WAIT, () -> tags.equals(imageStreamTags()));
        } else {
            Eventually.await("the catalogs pinned at " + OLM_NAMESPACE, WAIT,
                    () -> catalogDeploymentImages().equals(pinnedCatalogs(OLM_NAMESPACE)));
        }
        timings.step("olm-catalogs-is-registry-overrides set → catalogs moved", Duration.ofNanos(System.nanoTime() - t0));

        // the images themselves, by digest: exactly those run, and no ImageStream
        Map<String, String> byDigest = new LinkedHashMap<>();
        byDigest.put(REDHAT, m + "/redhat/redhat-operator-index@" + catalogDigests.get("redhat-operators"));
        byDigest.put(CERTIFIED, m + "/redhat/certified-operator-index@" + catalogDigests.get("certified-operators"));
        byDigest.put(COMMUNITY, m + "/redhat/community-operator-index@" + catalogDigests.get("community-operators"));
        annotate(byDigest);
        awaitValid();
        Eventually.await("the catalogs running the annotated digests", WAIT,
                () -> catalogDeploymentImages().equals(pinnedCatalogs("redhat")));
        if (imageStreams) {
            Eventually.await("no catalogs ImageStream", WAIT, () -> imageStreamTags() == null);
        }
        Map<String, String> good = catalogDeploymentImages();
        Map<String, String> versions = catalogResourceVersions();

        // invalid: one image by tag and two missing; the digest check comes first
        String byTag = m + "/redhat/redhat-operator-index:" + MirroredRelease.CATALOG_TAG;
        annotate(Map.of(REDHAT, byTag));
        awaitInvalid("images for OLM catalogs should be referenced only by digest (not by digest: "
                + REDHAT + "=\"" + byTag + "\")");
        assertThat(catalogDeploymentImages()).as("the last good catalogs keep running").isEqualTo(good);

        // invalid: by digest, but not all of the required three
        annotate(Map.of(REDHAT, byDigest.get(REDHAT)));
        awaitInvalid("if OLM catalog images are overridden, all the values for the 4 default catalogs should be "
                + "provided (missing: " + CERTIFIED + ", " + COMMUNITY + "; given: " + REDHAT + ")");
        assertThat(catalogDeploymentImages()).isEqualTo(good);
        assertThat(catalogResourceVersions()).as("not even rewritten").isEqualTo(versions);

        // no annotation: the catalogs follow the release again, through RO
        annotate(Map.of());
        awaitValid();
        if (!imageStreams) {
            Eventually.await("the catalogs pinned where RO sends them", WAIT,
                    () -> catalogDeploymentImages().equals(pinnedCatalogs("redhat")));
        }
        diagnoseOk();
    }

    /** Replaces the HostedCluster's OLM annotations with {@code olm}; other annotations stay. */
    private void annotate(Map<String, String> olm) {
        client.resources(HostedCluster.class).inNamespace(ns).withName(CLUSTER).edit(hc -> {
            Map<String, String> a = new TreeMap<>(hc.getMetadata().getAnnotations() == null ? Map.of()
                    : hc.getMetadata().getAnnotations());
            a.keySet().removeAll(List.of(REGISTRY_OVERRIDES, REDHAT, CERTIFIED, COMMUNITY));
            a.putAll(olm);
            hc.getMetadata().setAnnotations(a);
            return hc;
        });
    }

    /** ValidOLMCatalogOverrides on the HostedCluster (operator) and the HostedControlPlane (control-plane-operator). */
    private void awaitValid() {
        Eventually.await("ValidOLMCatalogOverrides=True on both", WAIT, () ->
                hasCondition(hostedClusterCondition(), "True", Conditions.AS_EXPECTED, null)
                        && hasCondition(controlPlaneCondition(), "True", Conditions.AS_EXPECTED, null));
    }

    private void awaitInvalid(String message) {
        try {
            Eventually.await("ValidOLMCatalogOverrides=False on both with: " + message, WAIT, () ->
                    hasCondition(hostedClusterCondition(), "False", Conditions.INVALID_CATALOG_OVERRIDES, message)
                            && hasCondition(controlPlaneCondition(), "False", Conditions.INVALID_CATALOG_OVERRIDES, message));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nHostedCluster: " + hostedClusterCondition() + " "
                    + client.resources(HostedCluster.class).inNamespace(ns).withName(CLUSTER).get().getMetadata()
                    .getAnnotations() + "\nHostedControlPlane: " + controlPlaneCondition() + " " + client.resources(
                    HostedControlPlane.class).inNamespace(cpns).withName(CLUSTER).get().getMetadata().getAnnotations(), e);
        }
    }

    private static boolean hasCondition(Optional<Condition> c, String status, String reason, String message) {
        return c.isPresent() && status.equals(c.get().getStatus()) && reason.equals(c.get().getReason())
                && (message == null || message.equals(c.get().getMessage()));
    }

    private Optional<Condition> hostedClusterCondition() {
        return ClusterObjects.condition(client, ns, CLUSTER, Conditions.VALID_OLM_CATALOG_OVERRIDES);
    }

    private Optional<Condition> controlPlaneCondition() {
        HostedControlPlane hcp = client.resources(HostedControlPlane.class).inNamespace(cpns).withName(CLUSTER).get();
        return hcp == null || hcp.getStatus() == null ? Optional.empty() : hcp.getStatus().getConditions().stream()
                .filter(c -> Conditions.VALID_OLM_CATALOG_OVERRIDES.equals(c.getType())).findFirst();
    }

    private Map<String, String> catalogResourceVersions() {
        Map<String, String> out = new TreeMap<>();
        client.apps().deployments().inNamespace(cpns).withLabel("olm.catalogSource").list().getItems()
                .forEach(d -> out.put(d.getMetadata().getName(), d.getMetadata().getResourceVersion()));
        return out;
    }

    /** The {@code catalogs} ImageStream's tag → source, or null without one. */
    @SuppressWarnings("unchecked")
    private Map<String, String> imageStreamTags() {
        GenericKubernetesResource is = client.genericKubernetesResources(IMAGE_STREAMS).inNamespace(cpns)
                .withName("catalogs").get();
        if (is == null) {
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        Object spec = is.getAdditionalProperties().get("spec");
        List<Map<String, Object>> tags = spec instanceof Map<?, ?> s && s.get("tags") instanceof List<?> l
                ? (List<Map<String, Object>>) l : List.of();
        tags.forEach(t -> out.put(String.valueOf(t.get("name")),
                String.valueOf(((Map<String, Object>) t.getOrDefault("from", Map.of())).get("name"))));
        return out;
    }
}
