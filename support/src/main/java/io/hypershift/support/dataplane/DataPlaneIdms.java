package io.hypershift.support.dataplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hypershift.support.registryoverride.MirrorOverridesBuilder;

/**
 * The ImageDigestMirrorSet named {@code cluster} that carries {@code imageContentSources} into the nodes' Ignition
 * (the control-plane-operator's ConfigMap {@code ignition-config-40-image-content-source}): one
 * {@code imageDigestMirrors} entry per valid entry, in order, mirrors in priority order, {@code mirrorSourcePolicy:
 * NeverContactSource} for the sources the annotation names. Pure and deterministic.
 *
 * <p>Beyond HyperShift, the data plane's tag mirrors ({@link DataPlaneMirrors#tagSets()}) give an ImageTagMirrorSet,
 * also named {@code cluster}, written after the IDMS as a second YAML document ({@link #config}); without tag mirrors
 * the ConfigMap holds the IDMS alone, byte for byte as before.
 */
public final class DataPlaneIdms {
    public static final String NAME = "cluster";
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private DataPlaneIdms() {}

    /** The IDMS as YAML: {@code apiVersion}, {@code kind}, {@code metadata.name}, then the entries. */
    public static String yaml(DataPlaneMirrors mirrors) {
        return yaml("ImageDigestMirrorSet", "imageDigestMirrors", mirrors.sets());
    }

    /** The ITMS of the tag mirrors as YAML, the same shape as the IDMS. */
    public static String tagYaml(DataPlaneMirrors mirrors) {
        return yaml("ImageTagMirrorSet", "imageTagMirrors", mirrors.tagSets());
    }

    /**
     * The ConfigMap's {@code config}: the IDMS when there are digest mirrors, then the ITMS when there are tag mirrors,
     * separated by {@code ---}.
     */
    public static String config(DataPlaneMirrors mirrors) {
        if (mirrors.tagSets().isEmpty()) {
            return yaml(mirrors);
        }
        return mirrors.sets().isEmpty() ? tagYaml(mirrors) : yaml(mirrors) + "---\n" + tagYaml(mirrors);
    }

    private static String yaml(String kind, String field, java.util.List<DataPlaneMirrors.MirrorSet> sets) {
        ObjectNode root = YAML.createObjectNode();
        root.put("apiVersion", "config.openshift.io/v1");
        root.put("kind", kind);
        root.putObject("metadata").put("name", NAME);
        ArrayNode entries = root.putObject("spec").putArray(field);
        for (DataPlaneMirrors.MirrorSet set : sets) {
            ObjectNode e = entries.addObject();
            e.put("source", set.source());
            if (!set.mirrors().isEmpty()) {
                ArrayNode ms = e.putArray("mirrors");
                set.mirrors().forEach(ms::add);
            }
            if (set.neverContactSource()) {
                e.put("mirrorSourcePolicy", MirrorOverridesBuilder.NEVER_CONTACT_SOURCE);
            }
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
