package io.hypershift.operator.diagnose;

import io.hypershift.operator.propagation.Finding;
import java.util.List;

/** The findings for one HostedCluster ({@code namespace/name}). */
public record ClusterReport(String cluster, List<Finding> findings) {
    public ClusterReport {
        findings = List.copyOf(findings);
    }

    public boolean ok() {
        return findings.stream().allMatch(Finding::ok);
    }
}
