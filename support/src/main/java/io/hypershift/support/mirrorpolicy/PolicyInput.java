package io.hypershift.support.mirrorpolicy;

import io.hypershift.support.manifests.ManifestDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one input contributed: a file, a generic directory, or one oc-mirror run (a v1 {@code results-*} directory or
 * a v2 {@code cluster-resources} directory). {@code policies} are the ICSP/IDMS/ITMS objects in file and document
 * order; {@code others} are the other objects found next to them (CatalogSource, UpdateService, ConfigMap, ...).
 */
public record PolicyInput(Path path, Layout layout, List<PolicyObject> policies, List<ManifestDocument> others) {

    /** How a path was read. */
    public enum Layout {
        FILE("file"),
        DIRECTORY("directory"),
        OC_MIRROR_V1_RESULTS("oc-mirror v1 results"),
        OC_MIRROR_V2_CLUSTER_RESOURCES("oc-mirror v2 cluster-resources");

        private final String label;

        Layout(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public PolicyInput {
        policies = List.copyOf(policies);
        others = List.copyOf(others);
    }

    /** One line: {@code <path>: oc-mirror v1 results: 3 ImageContentSourcePolicy; also 1 CatalogSource}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(path + ": " + layout.label() + ": ");
        sb.append(policies.isEmpty() ? "no mirror policy" : counts(policies.stream().map(p -> p.kind().kind()).toList()));
        if (!others.isEmpty()) {
            sb.append("; also ").append(counts(others.stream().map(ManifestDocument::kind).toList())).append(" (not mirror policies, ignored)");
        }
        return sb.toString();
    }

    private static String counts(List<String> kinds) {
        Map<String, Long> byKind = new TreeMap<>(kinds.stream().collect(Collectors.groupingBy(k -> k, Collectors.counting())));
        return byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }
}
