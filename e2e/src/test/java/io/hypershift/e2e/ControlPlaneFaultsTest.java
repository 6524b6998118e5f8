package io.hypershift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.hypershift.api.Conditions;
import io.hypershift.operator.config.OperatorOptions;
import io.hypershift.operator.install.InstallManifests;
import io.hypershift.support.testing.Eventually;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.testing.kube.ApiServerCluster;
import io.hypershift.testing.kube.Backend;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults in the middle of an IDMS edit's propagation to {@code e2e.faults.n} HostedClusters (default 10, which CI
 * runs; the full run is 100): the kube-apiserver restarted, etcd restarted, the operator killed with {@code kill -9}
 * and started again, and a leader failover between two operator processes with {@code --leader-elect}. The operator
 * runs as its own process with the image's JVM flags, on the real kube-apiserver.
 *
 * <p>After each, the test checks what a user would: every Deployment carries the current strings, each was written
 * exactly once for the edit (its generation moved by one: nothing rolled needlessly, no double write), every
 * HostedCluster says {@code RegistryOverridesPropagated=True}, and the recovery time goes to
 * {@code target/faults/control-plane-faults-<n>.md} (docs/reliability.md).
 */
@KubeTest(backend = Backend.APISERVER, namespace = KubeTest.NamespaceScope.CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneFaultsTest {
    static final int N = Integer.getInteger("e2e.faults.n", 10);
    static final Duration CONVERGE = Duration.ofMinutes(5);
    static final Duration DOWN = Duration.ofSeconds(3);

    @RegisterExtension
    static final LocalRegistry source = LocalRegistry.named("source").tls();
    @RegisterExtension
    static final LocalRegistry mirror = LocalRegistry.named("mirror").tls().auth("mirror-user", "faults-mirror-pass");

    private ScaleReport report;
    private ScaleWorld world;
    private DeploymentWatch watch;
    private ApiServerCluster api;
    private List<String> jvm;
    private Path logs;
    private final List<OperatorProcess> operators = new ArrayList<>();
    private int started;

    @BeforeEach
    void setUp(KubeContext kube) throws Exception {
        if (world != null) {
            return;
        }
        api = (ApiServerCluster) kube.cluster();
        report = new ScaleReport(N);
        world = ScaleWorld.create(kube, source, mirror, N);
        watch = new DeploymentWatch(kube.newClient(), world.controlPlanePrefix());
        jvm = new ArrayList<>(OperatorProcess.imageJvmFlags());
        jvm.add(OperatorProcess.containerMemory(InstallManifests.MEMORY_LIMIT));
        logs = ScaleWorld.logDir("faults-n" + N);
        watch.expect(world.current());
        start(List.of());
        awaitAll("the first rollout");
    }

    @AfterAll
    void tearDown() throws Exception {
        operators.forEach(OperatorProcess::close);
        if (watch != null) {
            watch.close();
        }
        if (report != null) {
            Path out = report.write(Path.of("target", "faults", "control-plane-faults-" + N + ".md"));
            System.out.println(Files.readString(out));
        }
    }

    @Test
    @Order(1)
    void kubeApiServerRestartedDuringPropagation_everyDeploymentEndsWithTheNewStringsOnce() throws Exception {
        restartDuringPropagation("kube-apiserver", () -> api.restartApiServer(DOWN, Duration.ofMinutes(2)));
    }

    @Test
    @Order(2)
    void etcdRestartedDuringPropagation_everyDeploymentEndsWithTheNewStringsOnce() throws Exception {
        restartDuringPropagation("etcd", () -> api.restartEtcd(DOWN, Duration.ofMinutes(2)));
    }

    /** An edit, {@code restart} once it has begun, then the checks; the times go to the report. */
    private void restartDuringPropagation(String what, Supplier<Duration> restart) throws Exception {
        Edit edit = startEdit();
        Duration down = restart.get();
        long back = System.nanoTime();
        edit.awaitConverged("after the " + what + " restart");
        report.note(String.format(Locale.ROOT, "%s restarted during propagation (%d of %d Deployments reached "
                + "before): API ready again %s after the stop; all converged %s after that", what, edit.reachedBefore,
                2 * N, ScaleReport.seconds(down.toNanos()), ScaleReport.seconds(System.nanoTime() - back)));
        edit.assertWrittenOnceAndTrue();
    }

    @Test
    @Order(3)
    void operatorKilledDuringPropagation_theNextOneFinishesItAndWritesNothingTwice() throws Exception {
        OperatorProcess victim = operators.get(operators.size() - 1);
        Edit edit = startEdit();
        victim.kill9();
        assertThat(victim.isAlive()).isFalse();
        long killed = System.nanoTime();
        OperatorProcess next = start(List.of());
        edit.awaitConverged("after kill -9 and a new operator process");
        report.note(String.format(Locale.ROOT, "operator killed (kill -9) during propagation (%d of %d Deployments "
                + "reached before): all converged %s after the kill, with a new process (its start included)",
                edit.reachedBefore, 2 * N, ScaleReport.seconds(System.nanoTime() - killed)));
        edit.assertWrittenOnceAndTrue();
        assertThat(next.isAlive()).isTrue();
    }

    @Test
    @Order(4)
    void leaderKilled_theStandByTakesOverAndNothingIsWrittenTwice() throws Exception {
        operators.forEach(OperatorProcess::close);
        operators.clear();
        OperatorProcess a = start(List.of("--leader-elect"));
        OperatorProcess b = start(List.of("--leader-elect"));
        String leader = awaitLeader(Optional.empty());
        OperatorProcess leading = leader.equals(name(a)) ? a : b;
        OperatorProcess standBy = leading == a ? b : a;
        Eventually.await("the stand-by ready", CONVERGE, standBy::ready);
        double standByReconciles = standBy.reconcilesStarted().orElse(0.0);
        assertThat(standByReconciles).as("a stand-by does not reconcile").isZero();

        leading.kill9();
        long killed = System.nanoTime();
        Edit edit = startEdit();
        String next = awaitLeader(Optional.of(leader));
        long acquired = System.nanoTime();
        edit.awaitConverged("after the leader failover");
        long converged = System.nanoTime();
        assertThat(next).isEqualTo(name(standBy));
        report.note(String.format(Locale.ROOT, "leader killed (kill -9), then an IDMS edit: the stand-by held the "
                + "Lease %s after the kill and all %d Deployments carried the edit %s after the kill",
                ScaleReport.seconds(acquired - killed), 2 * N, ScaleReport.seconds(converged - killed)));
        edit.assertWrittenOnceAndTrue();
    }

    private String name(OperatorProcess p) {
        return p.name();
    }

    private String awaitLeader(Optional<String> notThis) {
        String[] holder = new String[1];
        Eventually.await("a Lease holder" + notThis.map(n -> " other than " + n).orElse(""), CONVERGE, () -> {
            Lease lease = world.client.leases().inNamespace(world.namespace).withName(OperatorOptions.LEASE_NAME).get();
            holder[0] = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
            return holder[0] != null && !holder[0].isEmpty() && notThis.map(n -> !n.equals(holder[0])).orElse(true);
        });
        return holder[0];
    }

    private OperatorProcess start(List<String> flags) throws Exception {
        String name = "hypershift-operator-" + (++started);
        List<String> args = new ArrayList<>(world.operatorArgs());
        args.addAll(flags);
        OperatorProcess p = OperatorProcess.start(name, logs, world.kubeconfig, jvm, args, world.operatorEnv(name));
        operators.add(p);
        return p;
    }

    private void awaitAll(String what) throws InterruptedException {
        assertThat(watch.awaitReached(2 * N, CONVERGE)).as("all %d Deployments %s within %s; %s", 2 * N, what,
                CONVERGE, operators.stream().map(OperatorProcess::diagnostics).toList()).isTrue();
    }

    /** The next IDMS edit, made; waits for its first Deployment, so that a fault then hits it half-way. */
    private Edit startEdit() throws InterruptedException {
        Map<String, Long> generations = watch.generations();
        assertThat(generations).hasSize(2 * N);
        int k = world.editNumber() + 1;
        watch.expect(world.strings(k));
        world.edit(k);
        // the fault comes once the operator has begun (or, for a stopped operator, right away)
        watch.awaitReached(1, Duration.ofSeconds(operators.stream().anyMatch(OperatorProcess::isAlive) ? 30 : 0));
        return new Edit(generations, watch.reached().size());
    }

    private final class Edit {
        final Map<String, Long> generations;
        final int reachedBefore;

        Edit(Map<String, Long> generations, int reachedBefore) {
            this.generations = generations;
            this.reachedBefore = reachedBefore;
        }

        void awaitConverged(String what) throws InterruptedException {
            awaitAll(what);
        }

        /** Each Deployment written once for the edit, and every HostedCluster says so in its condition. */
        void assertWrittenOnceAndTrue() {
            Map<String, Long> after = watch.generations();
            generations.forEach((d, g) -> assertThat(after.get(d)).as("generation of %s (one write per edit)", d)
                    .isEqualTo(g + 1));
            for (int i = 0; i < N; i++) {
                String name = ScaleWorld.name(i);
                try {
                    Eventually.await(name + " " + Conditions.REGISTRY_OVERRIDES_PROPAGATED + "=True", CONVERGE,
                            () -> ClusterObjects.condition(world.client, world.namespace, name,
                                    Conditions.REGISTRY_OVERRIDES_PROPAGATED)
                                    .map(c -> c.getStatus().equals("True")).orElse(false));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; its conditions: " + world.client.resources(
                            io.hypershift.api.v1beta1.HostedCluster.class).inNamespace(world.namespace).withName(name)
                            .get().getStatus().getConditions(), e);
                }
            }
            // the strings are this edit's: the watch saw the marker of this edit, and not the one before
            watch.templates().forEach((d, t) -> assertThat(world.current().test(t)).as("%s carries edit %d", d,
                    world.editNumber()).isTrue());
        }
    }
}
