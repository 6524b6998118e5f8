package io.hypershift.operator.components;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata every object in a control-plane namespace carries: the managed-by label (the operator's informers
 * select on it) and the {@code hypershift.openshift.io/cluster} annotation naming its HostedCluster, which maps
 * events back to it (owner references cannot cross namespaces).
 */
public final class ObjectMetadata {
    private ObjectMetadata() {}

    /** {@code namespace/name} of the HostedCluster. */
    public static String clusterKey(HostedCluster hc) {
        return hc.getMetadata().getNamespace() + "/" + hc.getMetadata().getName();
    }

    public static Map<String, String> labels(String app) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (app != null) {
            labels.put("app", app);
        }
        labels.put(ControlPlaneContract.MANAGED_BY_LABEL, ControlPlaneContract.MANAGED_BY_VALUE);
        return labels;
    }

    /** Metadata of an object named {@code name} in the control-plane namespace of {@code hc}. */
    public static ObjectMeta of(HostedCluster hc, String name, String app) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(hc.controlPlaneNamespace())
                .withLabels(labels(app))
                .withAnnotations(new LinkedHashMap<>(Map.of(Annotations.HOSTED_CLUSTER, clusterKey(hc))))
                .build();
    }
}
