package io.hypershift.operator.diagnose;

import io.hypershift.operator.propagation.Finding;
import io.hypershift.support.catalogs.CatalogDiagnosis;
import java.util.List;

/**
 * The findings for one HostedCluster ({@code namespace/name}): override propagation, then its OLM catalogs.
 *
 * @param mirrorsIgnored whether the HostedCluster opts out of the management cluster's mirrors (then {@code =} is
 *     the expected mirror overrides)
 */
public record ClusterReport(String cluster, List<Finding> findings, List<CatalogDiagnosis.Finding> catalogs,
        boolean mirrorsIgnored) {
    public ClusterReport {
        findings = List.copyOf(findings);
        catalogs = List.copyOf(catalogs);
    }

    public ClusterReport(String cluster, List<Finding> findings) {
        this(cluster, findings, List.of(), false);
    }

    public boolean ok() {
        return findings.stream().allMatch(Finding::ok) && catalogs.stream().allMatch(CatalogDiagnosis.Finding::ok);
    }
}
