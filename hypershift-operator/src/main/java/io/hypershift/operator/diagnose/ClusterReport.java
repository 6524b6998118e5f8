package io.hypershift.operator.diagnose;

import io.hypershift.operator.propagation.Finding;
import io.hypershift.support.catalogs.CatalogDiagnosis;
import java.util.List;

/** The findings for one HostedCluster ({@code namespace/name}): override propagation, then its OLM catalogs. */
public record ClusterReport(String cluster, List<Finding> findings, List<CatalogDiagnosis.Finding> catalogs) {
    public ClusterReport {
        findings = List.copyOf(findings);
        catalogs = List.copyOf(catalogs);
    }

    public ClusterReport(String cluster, List<Finding> findings) {
        this(cluster, findings, List.of());
    }

    public boolean ok() {
        return findings.stream().allMatch(Finding::ok) && catalogs.stream().allMatch(CatalogDiagnosis.Finding::ok);
    }
}
