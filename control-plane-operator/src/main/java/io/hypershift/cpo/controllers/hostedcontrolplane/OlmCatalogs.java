package io.hypershift.cpo.controllers.hostedcontrolplane;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.ImageStream;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.cpo.components.catalogs.CatalogComponents;
import io.hypershift.support.catalogs.Catalog;
import io.hypershift.support.catalogs.CatalogImage;
import io.hypershift.support.catalogs.CatalogImageStream;
import io.hypershift.support.catalogs.CatalogImages;
import io.hypershift.support.catalogs.CatalogLookupException;
import io.hypershift.support.catalogs.CatalogPlan;
import io.hypershift.support.catalogs.CatalogWorkload;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OLM catalog workloads of a HostedControlPlane (SPEC §9), decided by {@link CatalogPlan} from its annotations
 * (copied from the HostedCluster) and {@code olmCatalogPlacement}:
 * <ul>
 *   <li>invalid annotations: nothing is touched (the last good catalogs keep running);</li>
 *   <li>guest: no catalog Deployment or Service in the control plane;</li>
 *   <li>image overrides: one Deployment per given image (RO applied);</li>
 *   <li>discovery, where the management cluster serves {@code image.openshift.io/v1}: one Deployment per tag of the
 *       {@code catalogs} ImageStream that the hypershift-operator writes, following the tag;</li>
 *   <li>discovery, where it does not (k3s, a plain kube-apiserver): the index images of the release are looked up and
 *       each Deployment is pinned to the digest found. A failed lookup keeps what runs.</li>
 * </ul>
 */
final class OlmCatalogs {
    private static final Logger LOG = LoggerFactory.getLogger(OlmCatalogs.class);

    /**
     * What happened: the {@code ValidOLMCatalogOverrides} condition, and why the catalogs are not as planned yet
     * (reason and message; null when they are), in which case the last state was kept.
     */
    record Outcome(String status, String reason, String message, String failureReason, String failure) {
        static Outcome valid(String message) {
            return new Outcome(Conditions.TRUE, Conditions.AS_EXPECTED, message, null, null);
        }

        Outcome failed(String why, String message) {
            return new Outcome(status, reason, this.message, why, message);
        }
    }

    private final KubernetesClient client;
    private final Applier applier;
    private final CatalogImages catalogImages;
    private final RegistryOverrides registryOverrides;

    OlmCatalogs(KubernetesClient client, Applier applier, CatalogImages catalogImages,
            RegistryOverrides registryOverrides) {
        this.client = client;
        this.applier = applier;
        this.catalogImages = catalogImages;
        this.registryOverrides = registryOverrides;
    }

    Outcome reconcile(HostedControlPlane hcp, ReleaseLookup.Outcome release) {
        CatalogPlan plan = CatalogPlan.decide(hcp.getMetadata().getAnnotations(),
                hcp.getSpec().effectiveOlmCatalogPlacement());
        if (plan instanceof CatalogPlan.Invalid invalid) {
            LOG.warn("invalid OLM catalog annotations, catalogs left as they are: {}", invalid.message());
            return new Outcome(Conditions.FALSE, Conditions.INVALID_CATALOG_OVERRIDES, invalid.message(), null, null);
        }
        if (plan instanceof CatalogPlan.Guest) {
            apply(hcp, Map.of());
            return Outcome.valid("olmCatalogPlacement is guest: no catalog runs in the control plane");
        }
        if (plan instanceof CatalogPlan.ImageOverrides overrides) {
            apply(hcp, CatalogWorkload.fromOverrides(overrides.images(), registryOverrides));
            return Outcome.valid("catalogs run the image overrides");
        }
        CatalogPlan.Discover discover = (CatalogPlan.Discover) plan;
        Outcome ok = Outcome.valid(discover.registryOverrides().isEmpty() ? "catalogs discovered for the release"
                : "catalogs discovered for the release through the registry overrides");
        if (imageStreamsServed()) {
            ImageStream stream = client.resources(ImageStream.class).inNamespace(hcp.getMetadata().getNamespace())
                    .withName(CatalogImageStream.NAME).get();
            if (stream == null) {
                return ok.failed(Conditions.WAITING, "OLM catalogs: waiting for the " + CatalogImageStream.NAME
                        + " ImageStream, which the hypershift-operator writes");
            }
            apply(hcp, CatalogWorkload.fromImageStream(CatalogImageStream.tagSources(stream).keySet(),
                    currentImages(hcp)));
            return ok;
        }
        if (!release.found()) {
            return ok; // ValidReleaseImage says why; the catalogs that run are kept until the release is known
        }
        try {
            Map<Catalog, CatalogImage> images = catalogImages.lookup(release.release(), discover.registryOverrides(),
                    release.pullSecret());
            apply(hcp, CatalogWorkload.pinned(images));
            return ok;
        } catch (CatalogLookupException e) {
            LOG.warn("OLM catalog images: {}; the catalogs that run are left as they are", e.getMessage());
            return ok.failed(Conditions.LOOKUP_FAILED, "OLM catalog images: " + e.getMessage());
        }
    }

    /** Applies a Deployment and Service per workload, and deletes the catalogs that have none. */
    private void apply(HostedControlPlane hcp, Map<Catalog, CatalogWorkload> workloads) {
        String ns = hcp.getMetadata().getNamespace();
        for (Catalog c : Catalog.values()) {
            CatalogWorkload w = workloads.get(c);
            if (w == null) {
                applier.deleteIfManaged(Deployment.class, ns, c.deploymentName());
                applier.deleteIfManaged(Service.class, ns, c.catalogName());
            } else if (w.imageStreamTag()) {
                // OpenShift's image trigger owns the image of a Deployment that follows the ImageStream: keep what it
                // wrote, in the same read that the update's resourceVersion comes from
                applier.apply(CatalogComponents.deployment(hcp, w), OlmCatalogs::keepTriggeredImage);
                applier.apply(CatalogComponents.service(hcp, c));
            } else {
                applier.apply(CatalogComponents.deployment(hcp, w));
                applier.apply(CatalogComponents.service(hcp, c));
            }
        }
    }

    private static Deployment keepTriggeredImage(Deployment desired, Deployment actual) {
        registryImage(actual).filter(i -> !i.isBlank()).ifPresent(image -> desired.getSpec().getTemplate().getSpec()
                .getContainers().stream().filter(k -> CatalogComponents.CONTAINER.equals(k.getName()))
                .forEach(k -> k.setImage(image)));
        return desired;
    }

    private static java.util.Optional<String> registryImage(Deployment d) {
        if (d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null) {
            return java.util.Optional.empty();
        }
        return d.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(k -> CatalogComponents.CONTAINER.equals(k.getName())).findFirst().map(k -> k.getImage());
    }

    private Map<Catalog, String> currentImages(HostedControlPlane hcp) {
        Map<Catalog, String> out = new EnumMap<>(Catalog.class);
        for (Catalog c : Catalog.values()) {
            Deployment d = client.apps().deployments().inNamespace(hcp.getMetadata().getNamespace())
                    .withName(c.deploymentName()).get();
            if (d != null && d.getSpec() != null && d.getSpec().getTemplate().getSpec() != null) {
                d.getSpec().getTemplate().getSpec().getContainers().stream()
                        .filter(k -> CatalogComponents.CONTAINER.equals(k.getName())).findFirst()
                        .ifPresent(k -> out.put(c, k.getImage()));
            }
        }
        return out;
    }

    /** Whether API discovery finds {@code imagestreams} in {@code image.openshift.io/v1} (SPEC §2's method). */
    boolean imageStreamsServed() {
        try {
            APIResourceList list = client.getApiResources(CatalogImageStream.API_VERSION);
            return list != null && list.getResources() != null && list.getResources().stream()
                    .anyMatch(r -> CatalogImageStream.PLURAL.equals(r.getName()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
