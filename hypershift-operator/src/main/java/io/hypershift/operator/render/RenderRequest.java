package io.hypershift.operator.render;

import io.hypershift.operator.components.ComponentOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code render} was asked for.
 *
 * @param pullSecret a docker config.json, or {@code null} (then no pull-secret copy is rendered, as the reconciler
 *     would not make one either)
 * @param releaseImageInfo {@code release-info --output json}, or {@code null} to look the release up through the mirrors
 * @param showSecrets print secret values; by default the pull-secret copy keeps only its registry names, and the
 *     generated token and serving certificate are left empty (the operator generates them in the cluster)
 */
public record RenderRequest(Path hostedCluster, List<Path> managementManifests, List<String> registryOverrides,
        Path pullSecret, Path releaseImageInfo, boolean json, boolean showSecrets, ComponentOptions images) {}
