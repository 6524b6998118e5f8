package io.hypershift.cpo.components;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.support.dataplane.DataPlaneIdms;
import io.hypershift.support.dataplane.DataPlaneMirrors;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ConfigMap {@code ignition-config-40-image-content-source}: its {@code config} key holds the YAML of an
 * ImageDigestMirrorSet named {@code cluster} with one {@code imageDigestMirrors} entry per valid
 * {@code imageContentSources} entry, in order (mirrors in priority order; {@code mirrorSourcePolicy:
 * NeverContactSource} for the sources the annotation names), followed, when the HostedControlPlane has data-plane tag
 * mirrors ({@code hypershift.openshift.io/image-tag-mirrors}), by an ImageTagMirrorSet ({@link DataPlaneIdms#config}).
 * Labelled so that it is merged into the nodes' Ignition.
 * Empty when there is nothing to say: then the ConfigMap is deleted. Pure and deterministic.
 */
public final class ImageContentSourceConfigMap {
    public static final String IDMS_NAME = DataPlaneIdms.NAME;

    private ImageContentSourceConfigMap() {}

    /** The desired ConfigMap, or empty when the HostedControlPlane has no (valid) image content sources. */
    public static Optional<ConfigMap> render(HostedControlPlane hcp, DataPlaneMirrors mirrors) {
        if (mirrors.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> labels = new TreeMap<>();
        labels.put(Annotations.CORE_IGNITION_CONFIG_LABEL, "true");
        labels.put(ControlPlaneContract.MANAGED_BY_LABEL, ControlPlaneContract.CONTROL_PLANE_OPERATOR);
        return Optional.of(new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP)
                    .withNamespace(hcp.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(ComponentDeployments.ownerReference(hcp))
                .endMetadata()
                .withData(Map.of(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP_KEY, DataPlaneIdms.config(mirrors)))
                .build());
    }

    /** The IDMS as YAML ({@link DataPlaneIdms}, shared with the hypershift-operator's {@code render}). */
    public static String idmsYaml(DataPlaneMirrors mirrors) {
        return DataPlaneIdms.yaml(mirrors);
    }
}
