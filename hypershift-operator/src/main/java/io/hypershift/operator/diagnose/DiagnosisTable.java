package io.hypershift.operator.diagnose;

import io.hypershift.api.Annotations;
import io.hypershift.operator.propagation.Finding;
import io.hypershift.support.catalogs.CatalogDiagnosis;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code diagnose} prints: CLUSTER, DEPLOYMENT, FIELD, EXPECTED, ACTUAL, RESULT, then one hint line per
 * known cause; then the OLM catalog state of each cluster (CLUSTER, OBJECT, EXPECTED, ACTUAL, RESULT). Override strings are printed whole, as the design note's debugging section reads them. Pure.
 */
public final class DiagnosisTable {
    static final String[] HEADER = {"CLUSTER", "DEPLOYMENT", "FIELD", "EXPECTED", "ACTUAL", "RESULT"};

    static final String[] CATALOG_HEADER = {"CLUSTER", "OBJECT", "EXPECTED", "ACTUAL", "RESULT"};

    private DiagnosisTable() {}

    private static void columns(StringBuilder sb, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(row[i]);
                if (i < row.length - 1) {
                    sb.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            sb.append('\n');
        }
    }

    public static String format(List<ClusterReport> reports, List<String> globalHints) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        List<String> hints = new ArrayList<>();
        for (ClusterReport r : reports) {
            if (r.mirrorsIgnored()) {
                hints.add("note: " + r.cluster() + " ignores the management cluster's mirrors ("
                        + Annotations.IGNORE_MANAGEMENT_CLUSTER_IMAGE_MIRRORS + "=true): its mirror overrides are expected to be =");
            }
            for (Finding f : r.findings()) {
                rows.add(new String[] {r.cluster(), f.deployment(), f.field(), f.expected() == null ? "<absent>" : f.expected(),
                    f.actual() == null ? "<missing>" : f.actual(), f.ok() ? "OK" : "MISMATCH"});
                f.hints().forEach(h -> hints.add("hint: " + r.cluster() + " " + f.deployment() + " " + f.field() + ": " + h));
            }
        }
        StringBuilder sb = new StringBuilder();
        columns(sb, rows);
        List<String[]> catalogRows = new ArrayList<>();
        catalogRows.add(CATALOG_HEADER);
        for (ClusterReport r : reports) {
            for (CatalogDiagnosis.Finding f : r.catalogs()) {
                catalogRows.add(new String[] {r.cluster(), f.object(), f.expected(), f.actual(),
                    f.ok() ? "OK" : "MISMATCH"});
                if (!f.hint().isEmpty()) {
                    hints.add("hint: " + r.cluster() + " " + f.object() + ": " + f.hint());
                }
            }
        }
        if (catalogRows.size() > 1) {
            sb.append('\n').append("OLM catalogs:\n");
            columns(sb, catalogRows);
        }
        hints.forEach(h -> sb.append(h).append('\n'));
        globalHints.forEach(h -> sb.append("hint: ").append(h).append('\n'));
        return sb.toString();
    }
}
