package io.hypershift.operator.components.hostedcontrolplane;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.HostedControlPlaneSpec;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.operator.components.ObjectMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HostedControlPlane, named like its HostedCluster, in the control-plane namespace. Its spec is copied on every
 * reconcile: {@code imageContentSources} (also when removed, SPEC §7), the OLM annotations of SPEC §9 and the data-plane
 * NeverContactSource annotation, which disappear from the HostedControlPlane when they disappear from the HostedCluster.
 */
public final class HostedControlPlaneComponent {
    private HostedControlPlaneComponent() {}

    public static HostedControlPlane build(HostedCluster hc) {
        HostedControlPlane hcp = new HostedControlPlane();
        hcp.setMetadata(ObjectMetadata.of(hc, hc.getMetadata().getName(), null));
        Map<String, String> source = hc.getMetadata().getAnnotations() == null ? Map.of() : hc.getMetadata().getAnnotations();
        for (String key : Annotations.COPIED_TO_HOSTED_CONTROL_PLANE) {
            String value = source.get(key);
            if (value != null) {
                hcp.getMetadata().getAnnotations().put(key, value);
            }
        }
        HostedControlPlaneSpec spec = new HostedControlPlaneSpec();
        spec.setReleaseImage(hc.getSpec().getRelease().getImage());
        spec.setPullSecret(new LocalObjectReference(ControlPlaneContract.PULL_SECRET_NAME));
        spec.setImageContentSources(copy(hc.getSpec().getImageContentSources()));
        spec.setOlmCatalogPlacement(hc.getSpec().effectiveOlmCatalogPlacement());
        hcp.setSpec(spec);
        hcp.setStatus(null);
        return hcp;
    }

    private static List<ImageContentSource> copy(List<ImageContentSource> sources) {
        if (sources == null || sources.isEmpty()) {
            return null;
        }
        List<ImageContentSource> out = new ArrayList<>();
        sources.forEach(s -> out.add(new ImageContentSource(s.getSource(), s.getMirrors())));
        return out;
    }
}
