package io.hypershift.operator.diagnose;

import io.hypershift.operator.propagation.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code diagnose} prints: CLUSTER, DEPLOYMENT, FIELD, EXPECTED, ACTUAL, RESULT, then one hint line per
 * known cause. Override strings are printed whole, as the design note's debugging section reads them. Pure.
 */
public final class DiagnosisTable {
    static final String[] HEADER = {"CLUSTER", "DEPLOYMENT", "FIELD", "EXPECTED", "ACTUAL", "RESULT"};

    private DiagnosisTable() {}

    public static String format(List<ClusterReport> reports, List<String> globalHints) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        List<String> hints = new ArrayList<>();
        for (ClusterReport r : reports) {
            for (Finding f : r.findings()) {
                rows.add(new String[] {r.cluster(), f.deployment(), f.field(), f.expected(),
                    f.actual() == null ? "<missing>" : f.actual(), f.ok() ? "OK" : "MISMATCH"});
                f.hints().forEach(h -> hints.add("hint: " + r.cluster() + " " + f.deployment() + " " + f.field() + ": " + h));
            }
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(row[i]);
                if (i < row.length - 1) {
                    sb.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            sb.append('\n');
        }
        hints.forEach(h -> sb.append(h).append('\n'));
        globalHints.forEach(h -> sb.append("hint: ").append(h).append('\n'));
        return sb.toString();
    }
}
