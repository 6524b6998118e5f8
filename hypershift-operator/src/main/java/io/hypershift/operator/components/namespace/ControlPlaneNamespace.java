package io.hypershift.operator.components.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.ObjectMetadata;
import java.util.Map;

/** The control-plane namespace {@code <namespace>-<name>} (SPEC §1), labelled as HyperShift labels it. */
public final class ControlPlaneNamespace {
    private ControlPlaneNamespace() {}

    public static Namespace build(HostedCluster hc) {
        Map<String, String> labels = ObjectMetadata.labels(null);
        labels.put(ControlPlaneContract.HOSTED_CONTROL_PLANE_LABEL, "true");
        // the control plane runs restricted pods only
        labels.put("pod-security.kubernetes.io/enforce", "restricted");
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(hc.controlPlaneNamespace())
                .withLabels(labels)
                .withAnnotations(Map.of(Annotations.HOSTED_CLUSTER, ObjectMetadata.clusterKey(hc)))
                .endMetadata()
                .build();
    }
}
