package io.hypershift.operator.controllers.hostedcluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.ImageStream;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.ObjectMetadata;
import io.hypershift.operator.controllers.registryoverrides.FabricDiscovery;
import io.hypershift.operator.release.CatalogImagesFactory;
import io.hypershift.support.catalogs.Catalog;
import io.hypershift.support.catalogs.CatalogImage;
import io.hypershift.support.catalogs.CatalogImageStream;
import io.hypershift.support.catalogs.CatalogImages;
import io.hypershift.support.catalogs.CatalogLookupException;
import io.hypershift.support.catalogs.CatalogPlan;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hypershift-operator's part of the OLM catalogs (SPEC §9): validates the HostedCluster's OLM annotations
 * ({@code ValidOLMCatalogOverrides}), and where the management cluster serves {@code image.openshift.io/v1}
 * ImageStreams, writes the {@code catalogs} ImageStream of the control-plane namespace from the catalog index images
 * discovered for the release (or deletes it when image overrides or guest placement need none). Invalid annotations
 * or a failed discovery leave the ImageStream as it is: working catalogs are never taken away. The annotations reach
 * the control-plane-operator on the HostedControlPlane, which runs the catalog Deployments.
 */
public final class OlmCatalogs {
    private static final Logger LOG = LoggerFactory.getLogger(OlmCatalogs.class);

    /** The {@code ValidOLMCatalogOverrides} condition, and why the ImageStream is not as planned (null when it is). */
    public record Result(String status, String reason, String message, String failure) {}

    private final CatalogImagesFactory factory;
    private final RegistryOverrides registryOverrides;
    private MirrorOverrides currentMirrors;
    private MirrorOverrides currentTagMirrors;
    private CatalogImages current;

    public OlmCatalogs(CatalogImagesFactory factory, RegistryOverrides registryOverrides) {
        this.factory = factory;
        this.registryOverrides = registryOverrides;
    }

    /** The discovery for these mirrors, rebuilt only when they change (so its 5-minute cache survives reconciles). */
    private synchronized CatalogImages catalogImages(MirrorOverrides mirrors, MirrorOverrides tagMirrors) {
        if (current == null || !Objects.equals(currentMirrors, mirrors) || !Objects.equals(currentTagMirrors, tagMirrors)) {
            current = factory.create(mirrors, tagMirrors, registryOverrides);
            currentMirrors = mirrors;
            currentTagMirrors = tagMirrors;
        }
        return current;
    }

    Result reconcile(HostedCluster hc, KubernetesClient client, ObjectApplier applier, MirrorOverrides mirrors,
            MirrorOverrides tagMirrors, ReleaseCheck release, PullSecretResult pullSecret) {
        CatalogPlan plan = CatalogPlan.decide(hc.getMetadata().getAnnotations(), hc.getSpec().effectiveOlmCatalogPlacement());
        if (plan instanceof CatalogPlan.Invalid invalid) {
            LOG.warn("invalid OLM catalog annotations; the catalog state is left as it is: {}", invalid.message());
            return new Result(Conditions.FALSE, Conditions.INVALID_CATALOG_OVERRIDES, invalid.message(), null);
        }
        String ok = plan instanceof CatalogPlan.Guest ? "olmCatalogPlacement is guest: the catalogs run in the guest cluster"
                : plan instanceof CatalogPlan.ImageOverrides ? "the catalogs run the given images"
                : "the catalogs follow the release";
        if (!imageStreamsServed(client)) {
            return new Result(Conditions.TRUE, Conditions.AS_EXPECTED, ok, null);
        }
        String ns = hc.controlPlaneNamespace();
        if (!plan.wantsImageStream()) {
            deleteImageStream(client, ns);
            return new Result(Conditions.TRUE, Conditions.AS_EXPECTED, ok, null);
        }
        if (!release.valid() || !pullSecret.ok()) {
            return new Result(Conditions.TRUE, Conditions.AS_EXPECTED, ok, null); // reported by ValidReleaseImage
        }
        try {
            Map<Catalog, CatalogImage> images = catalogImages(mirrors, tagMirrors).lookup(release.release(),
                    ((CatalogPlan.Discover) plan).registryOverrides(), pullSecret.config());
            ImageStream stream = CatalogImageStream.desired(ns, images);
            stream.setMetadata(ObjectMetadata.of(hc, CatalogImageStream.NAME, null));
            applier.apply(stream);
            return new Result(Conditions.TRUE, Conditions.AS_EXPECTED, ok, null);
        } catch (CatalogLookupException e) {
            LOG.warn("OLM catalog images: {}; the catalogs ImageStream is left as it is", e.getMessage());
            return new Result(Conditions.TRUE, Conditions.AS_EXPECTED, ok, "OLM catalog images: " + e.getMessage());
        }
    }

    /** Whether API discovery finds {@code imagestreams} in {@code image.openshift.io/v1} (SPEC §2's method). */
    static boolean imageStreamsServed(KubernetesClient client) {
        return new FabricDiscovery(client).resources(CatalogImageStream.API_VERSION).orElse(java.util.List.of())
                .stream().anyMatch(r -> CatalogImageStream.PLURAL.equals(r.getName()));
    }

    private static void deleteImageStream(KubernetesClient client, String ns) {
        ImageStream existing = client.resources(ImageStream.class).inNamespace(ns).withName(CatalogImageStream.NAME).get();
        if (existing == null) {
            return;
        }
        Map<String, String> labels = existing.getMetadata().getLabels();
        if (labels == null || !ControlPlaneContract.MANAGED_BY_VALUE.equals(labels.get(ControlPlaneContract.MANAGED_BY_LABEL))) {
            LOG.warn("ImageStream {}/{} is not managed by the hypershift-operator; left alone", ns, CatalogImageStream.NAME);
            return;
        }
        client.resources(ImageStream.class).inNamespace(ns).withName(CatalogImageStream.NAME).delete();
        LOG.info("deleted ImageStream {}/{} (no catalog discovery needed)", ns, CatalogImageStream.NAME);
    }
}
