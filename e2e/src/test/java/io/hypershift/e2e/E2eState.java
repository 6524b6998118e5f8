package io.hypershift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.api.v1beta1.ReleaseStatus;
import io.hypershift.operator.runtime.OperatorRuntime;
import io.hypershift.support.testing.Eventually;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.testing.kube.KubeContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the ordered scenarios share: the registries (started once for the class), the API server's context and test
 * namespace, the mirrored release, the expected strings, the running hypershift-operator and the watch on its
 * Deployments, and the timings.
 */
abstract class E2eState {
    static final Duration WAIT = Duration.ofSeconds(Long.getLong("e2e.waitSeconds", 90));
    /** Propagation samples in scenario 4 (rounded down to whole cycles of 4, at least 4). */
    static final int SAMPLES = Integer.getInteger("e2e.propagation.samples", 8);
    static final String CLUSTER = "example";
    static final String IDMS_NAME = "idms-release-0";
    static final String ICSP_NAME = "release-0";
    static final String IDMS_EDIT_SERIES = "IDMS edit → both Deployments carry the new strings";
    /** Where the OLM annotation of scenario 7 sends catalog lookups, on the mirror. */
    static final String OLM_NAMESPACE = "olm/redhat";
    static final String POLICY_SERIES = "ICSP/IDMS delete or create → both Deployments carry the new strings";

    @RegisterExtension
    static final LocalRegistry source = LocalRegistry.named("source").tls();
    @RegisterExtension
    static final LocalRegistry mirror = LocalRegistry.named("mirror").tls().auth("mirror-user", "e2e-mirror-pass");

    final Timings timings = new Timings();
    KubeContext kube;
    KubernetesClient client;
    /** The test namespace (the HostedCluster's) and the control-plane namespace {@code <ns>-example}. */
    String ns;
    String cpns;
    MirroredRelease world;
    /** The OLM catalog index images pushed to the mirror (under {@code redhat/} and {@link #OLM_NAMESPACE}), by catalog. */
    Map<String, String> catalogDigests;
    ExpectedStrings expected;
    OperatorRuntime operator;
    DeploymentStrings strings;

    /** The HostedCluster's data-plane mirrors: unsorted on purpose (registries.conf sorts them). */
    List<ImageContentSource> imageContentSources() {
        return List.of(
                new ImageContentSource("registry.redhat.io/redhat", List.of(expected.fill("${M}/redhat"))),
                new ImageContentSource(expected.fill("${S}/openshift-release-dev"),
                        List.of(expected.fill("${M}/openshift-release-dev"))));
    }

    List<List<String>> fill(List<List<String>> entries) {
        return entries.stream().map(e -> e.stream().map(expected::fill).toList()).toList();
    }

    boolean isTrue(String namespace, String type) {
        return ClusterObjects.condition(client, namespace, CLUSTER, type).map(c -> "True".equals(c.getStatus()))
                .orElse(false);
    }

    /** ValidReleaseImage=True (AsExpected) for the current generation, and status.version naming {@code servedBy}. */
    void awaitReleaseServedBy(String namespace, String servedBy) {
        Eventually.await("ValidReleaseImage=True on " + namespace + "/" + CLUSTER + ", served by " + servedBy, WAIT, () -> {
            HostedCluster hc = client.resources(HostedCluster.class).inNamespace(namespace).withName(CLUSTER).get();
            var c = ClusterObjects.condition(client, namespace, CLUSTER, Conditions.VALID_RELEASE_IMAGE);
            if (hc.getStatus() == null || hc.getStatus().getVersion() == null || c.isEmpty()) {
                return false;
            }
            ReleaseStatus desired = hc.getStatus().getVersion().getDesired();
            return "True".equals(c.get().getStatus()) && Conditions.AS_EXPECTED.equals(c.get().getReason())
                    && hc.getMetadata().getGeneration().equals(c.get().getObservedGeneration())
                    && MirroredRelease.VERSION.equals(desired.getVersion())
                    && world.releaseImage().equals(desired.getImage()) && servedBy.equals(desired.getMirroredImage());
        });
    }

    /** {@code hypershift-operator diagnose} on the test's kubeconfig: exit 0, every row of the cluster OK. */
    InProcess.Run diagnoseOk() {
        InProcess.Run diagnose = InProcess.execute(io.hypershift.operator.cli.Main.commandLine(), List.of("diagnose",
                "--kubeconfig", kube.kubeconfigFile().toString(), "--hosted-cluster", ns + "/" + CLUSTER));
        assertThat(diagnose.exitCode()).as(diagnose.out() + diagnose.err()).isZero();
        List<String> rows = diagnose.out().lines().filter(l -> l.startsWith(ns + "/" + CLUSTER + " ")).toList();
        assertThat(rows).as(diagnose.out()).hasSizeGreaterThanOrEqualTo(4).allMatch(l -> l.strip().endsWith("OK"));
        assertThat(diagnose.out()).doesNotContain("MISMATCH");
        return diagnose;
    }

    /** {@code <catalog>-catalog} Deployment → its image, for the catalog Deployments of the control-plane namespace. */
    Map<String, String> catalogDeploymentImages() {
        Map<String, String> out = new java.util.TreeMap<>();
        client.apps().deployments().inNamespace(cpns).withLabel("olm.catalogSource").list().getItems().forEach(d ->
                out.put(d.getMetadata().getName(), DeploymentStrings.main(d).getImage()));
        return out;
    }

    /** The three catalog Deployments pinned to the index images under {@code namespace} on the mirror. */
    Map<String, String> pinnedCatalogs(String namespace) {
        Map<String, String> out = new java.util.TreeMap<>();
        MirroredRelease.CATALOG_INDEXES.forEach((catalog, repo) -> out.put(catalog + "-catalog",
                mirror.hostPort() + "/" + namespace + "/" + repo + "@" + catalogDigests.get(catalog)));
        return out;
    }

    String operatorMetric() {
        var timer = operator.registry().find("hypershift_registry_overrides_propagation").timer();
        return timer == null ? "none" : String.format("count %d, mean %.3f s, max %.3f s", timer.count(),
                timer.mean(TimeUnit.SECONDS), timer.max(TimeUnit.SECONDS));
    }
}
