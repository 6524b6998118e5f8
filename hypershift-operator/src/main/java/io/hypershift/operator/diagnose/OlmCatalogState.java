package io.hypershift.operator.diagnose;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.ImageStream;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.controllers.registryoverrides.FabricDiscovery;
import io.hypershift.support.catalogs.Catalog;
import io.hypershift.support.catalogs.CatalogDiagnosis;
import io.hypershift.support.catalogs.CatalogImageStream;
import io.hypershift.support.catalogs.CatalogPlan;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a control-plane namespace's OLM catalog state for {@code diagnose} and compares it with the plan. */
final class OlmCatalogState {
    static final String CATALOG_SOURCE_LABEL = "olm.catalogSource";

    private OlmCatalogState() {}

    static boolean imageStreamsServed(KubernetesClient client) {
        return new FabricDiscovery(client).resources(CatalogImageStream.API_VERSION).orElse(List.of()).stream()
                .anyMatch(r -> CatalogImageStream.PLURAL.equals(r.getName()));
    }

    static List<CatalogDiagnosis.Finding> diagnose(KubernetesClient client, HostedCluster hc, boolean imageStreams) {
        String ns = hc.controlPlaneNamespace();
        Optional<Map<String, String>> tags = Optional.empty();
        if (imageStreams) {
            ImageStream is = client.resources(ImageStream.class).inNamespace(ns).withName(CatalogImageStream.NAME).get();
            tags = Optional.ofNullable(is).map(CatalogImageStream::tagSources);
        }
        Map<Catalog, String> images = new EnumMap<>(Catalog.class);
        for (Deployment d : client.apps().deployments().inNamespace(ns).withLabel(CATALOG_SOURCE_LABEL).list().getItems()) {
            Catalog.byName(d.getMetadata().getLabels().get(CATALOG_SOURCE_LABEL)).ifPresent(c -> images.put(c,
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
        }
        CatalogPlan plan = CatalogPlan.decide(hc.getMetadata().getAnnotations(), hc.getSpec().effectiveOlmCatalogPlacement());
        return CatalogDiagnosis.diagnose(plan, new CatalogDiagnosis.Observed(imageStreams, tags, images));
    }
}
