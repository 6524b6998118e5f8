package io.hypershift.cpo.controllers.hostedcontrolplane;

import io.hypershift.api.v1beta1.HostedControlPlane;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Reconciles on a new generation (a spec change), and also on a change of annotations, which carry the OLM catalog
 * overrides (SPEC §9) and bump no generation; a status-only update (our own patch) does not trigger a reconcile.
 */
public final class SpecOrAnnotationsChanged implements OnUpdateFilter<HostedControlPlane> {
    @Override
    public boolean accept(HostedControlPlane newResource, HostedControlPlane oldResource) {
        return !Objects.equals(newResource.getMetadata().getGeneration(), oldResource.getMetadata().getGeneration())
                || !annotations(newResource).equals(annotations(oldResource))
                || newResource.getMetadata().getDeletionTimestamp() != null;
    }

    private static Map<String, String> annotations(HostedControlPlane h) {
        return h.getMetadata().getAnnotations() == null ? Map.of() : h.getMetadata().getAnnotations();
    }
}
