package io.hypershift.operator.controllers.hostedcluster;

import io.hypershift.api.v1beta1.HostedCluster;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reconciles on a new generation (a spec change), and also on a change of annotations, which carry the OLM catalog
 * overrides (SPEC §9) and bump no generation, or of finalizers; a status-only update (our own write) does not.
 */
public final class SpecOrAnnotationsChanged implements OnUpdateFilter<HostedCluster> {
    @Override
    public boolean accept(HostedCluster newResource, HostedCluster oldResource) {
        return !Objects.equals(newResource.getMetadata().getGeneration(), oldResource.getMetadata().getGeneration())
                || !annotations(newResource).equals(annotations(oldResource))
                || !finalizers(newResource).equals(finalizers(oldResource))
                || newResource.getMetadata().getDeletionTimestamp() != null;
    }

    private static Map<String, String> annotations(HostedCluster h) {
        return h.getMetadata().getAnnotations() == null ? Map.of() : h.getMetadata().getAnnotations();
    }

    private static List<String> finalizers(HostedCluster h) {
        return h.getMetadata().getFinalizers() == null ? List.of() : h.getMetadata().getFinalizers();
    }
}
