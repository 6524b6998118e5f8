package io.hypershift.operator.controllers.hostedcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedClusterSpec;
import io.hypershift.api.v1beta1.Release;
import io.hypershift.operator.config.OperatorOptions;
import io.hypershift.operator.runtime.OperatorRuntime;
import io.hypershift.operator.testing.OperatorHarness;
import io.hypershift.operator.testing.TestReleases;
import io.hypershift.testing.kube.Capability;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import io.hypershift.testing.kube.RequiresCapability;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two operator instances with {@code --leader-elect} on one API server: one holds the Lease and reconciles, the other
 * stands by. Needs a real API server: JOSDK first checks its Lease permissions with a SelfSubjectRulesReview, which
 * the CRUD mock cannot answer.
 */
@KubeTest(crds = false)
class LeaderElectionTest {

    static double reconciliations(OperatorRuntime r) {
        return r.registry().find("operator.sdk.reconciliations.started").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    @RequiresCapability(Capability.SERVER_SIDE_APPLY)
    void whenTwoInstancesRunWithLeaderElectionOnlyTheLeaseHolderShouldReconcile(KubeContext kube) {
        OperatorHarness.prepareCrds(kube);
        String ns = "le-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        kube.deleteAfterTest(kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create());
        var releases = TestReleases.holding(Map.of());
        try (OperatorRuntime a = OperatorHarness.start(kube, OperatorHarness.options(ns, true, "instance-a"), releases);
             OperatorRuntime b = OperatorHarness.start(kube, OperatorHarness.options(ns, true, "instance-b"), releases)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Lease l = kube.client().leases().inNamespace(ns).withName(OperatorOptions.LEASE_NAME).get();
                return l != null && l.getSpec().getHolderIdentity() != null;
            });
            String holder = kube.client().leases().inNamespace(ns).withName(OperatorOptions.LEASE_NAME).get()
                    .getSpec().getHolderIdentity();
            assertThat(holder).isIn("instance-a", "instance-b");

            HostedCluster hc = new HostedCluster();
            hc.setMetadata(new ObjectMetaBuilder().withName("example").withNamespace(ns).build());
            HostedClusterSpec spec = new HostedClusterSpec();
            spec.setRelease(new Release("quay.io/openshift-release-dev/ocp-release@sha256:" + "c".repeat(64)));
            spec.setPullSecret(new LocalObjectReference("pull-secret"));
            hc.setSpec(spec);
            kube.client().resource(hc).create();

            OperatorRuntime leader = holder.equals("instance-a") ? a : b;
            OperatorRuntime standby = leader == a ? b : a;
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                HostedCluster got = kube.client().resources(HostedCluster.class).inNamespace(ns).withName("example").get();
                return got.getStatus() != null && !got.getStatus().getConditions().isEmpty();
            });
            assertThat(reconciliations(leader)).as("the leader reconciles").isGreaterThan(0);
            assertThat(reconciliations(standby)).as("the stand-by does not").isZero();
            assertThat(a.ready()).isTrue();
            assertThat(b.ready()).as("a stand-by is ready: it serves probes and waits for the Lease").isTrue();
            System.out.println("[leader-election] holder " + holder + "; reconciliations " + List.of(reconciliations(a), reconciliations(b)));
        }
    }
}
