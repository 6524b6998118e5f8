package io.hypershift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scale harness (issue 15): {@code e2e.scale.n} HostedClusters (default 10, which CI runs; {@code hack/scale.sh}
 * runs 0, 100 and 1,000) on the real kube-apiserver, the hypershift-operator as its own process with the shipped
 * image's JVM flags, and {@code e2e.scale.edits} IDMS edits. It measures what {@code BENCHMARKS.md} reports (edit →
 * every Deployment carries the new strings, write amplification, memory, start → first reconcile, CPU per edit) into
 * {@code target/scale/scale-<n>.md}, and asserts the behaviour, never the speed: every edit reaches all 2N
 * Deployments, each Deployment is written exactly once per edit, and a no-op edit, a no-op change to every
 * HostedCluster and an operator restart write nothing.
 */
@KubeTest(backend = Backend.APISERVER, namespace = KubeTest.NamespaceScope.CLASS)
class ScaleTest {
    static final int N = Integer.getInteger("e2e.scale.n", 10);
    static final int EDITS = Integer.getInteger("e2e.scale.edits", N >= 1000 ? 5 : 10);
    /** Leader election's Lease renewals, and the harness's own edits, are not the operator's reconciles. */
    static final Set<String> NOT_RECONCILES = Set.of("leases", "imagedigestmirrorsets", "hostedclusters");
    static final Duration CONVERGE = Duration.ofSeconds(Long.getLong("e2e.scale.converge.seconds",
            Math.max(300, N * 6 / 10)));

    @RegisterExtension
    static final LocalRegistry source = LocalRegistry.named("source").tls();
    @RegisterExtension
    static final LocalRegistry mirror = LocalRegistry.named("mirror").tls().auth("mirror-user", "scale-mirror-pass");

    @Test
    void scale(KubeContext kube) throws Exception {
        ApiServerCluster api = (ApiServerCluster) kube.cluster();
        ScaleReport report = new ScaleReport(N);
        long w0 = System.nanoTime();
        ScaleWorld world = ScaleWorld.create(kube, source, mirror, N);
        report.note("setup: release mirrored, " + N + " HostedClusters and pull secrets created in "
                + ScaleReport.seconds(System.nanoTime() - w0));
        List<String> jvm = new ArrayList<>(OperatorProcess.imageJvmFlags());
        // in its Pod the JVM sizes itself from the container's memory limit: the same sizing, without a container
        jvm.add(OperatorProcess.containerMemory(InstallManifests.MEMORY_LIMIT));
        String extra = System.getProperty("e2e.scale.jvm.extra", "").strip();
        report.note("operator JVM flags (from the image): " + String.join(" ", jvm)
                + (extra.isEmpty() ? "" : "; added for this run: " + extra));
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        Path logs = ScaleWorld.logDir("n" + N);
        try (DeploymentWatch watch = new DeploymentWatch(kube.newClient(), world.controlPlanePrefix())) {
            watch.expect(world.current());
            OperatorProcess ho = OperatorProcess.start("hypershift-operator", logs, world.kubeconfig, jvm,
                    world.operatorArgs(), world.operatorEnv("scale-0"));
            try {
                startUp(report, ho, world, watch, "cold start");
                settle(api);
                report.memory(ho.rssMiB(), ho.heapAfterFullGcMiB());
                report.note("settled RSS and heap after a full GC: " + report.memoryLine());
                if (extra.contains("NativeMemoryTracking")) {
                    Files.writeString(logs.resolve("native-memory.txt"), ho.nativeMemorySummary());
                }
                if (N > 0) {
                    edits(report, ho, world, watch, api);
                    noOps(report, world, watch, api);
                }
            } finally {
                ho.close();
            }
            if (N > 0) {
                restart(report, world, watch, api, jvm, logs);
            }
        } finally {
            Path out = report.write(Path.of("target", "scale", "scale-" + N + ".md"));
            System.out.println(Files.readString(out));
        }
    }

    /** Start → first reconcile started (the operator's own counter), and → every Deployment with the strings. */
    private void startUp(ScaleReport report, OperatorProcess ho, ScaleWorld world, DeploymentWatch watch, String what)
            throws Exception {
        long start = ho.startedNanos();
        Eventually.await("the operator ready (" + what + ")", Duration.ofMinutes(2), () -> {
            assertThat(ho.isAlive()).as(ho.diagnostics()).isTrue();
            return ho.ready();
        });
        report.note(what + ": start → /readyz " + ScaleReport.seconds(System.nanoTime() - start));
        if (N == 0) {
            return;
        }
        Eventually.await("a first reconcile (" + what + ")", Duration.ofMinutes(2),
                () -> ho.reconcilesStarted().orElse(0.0) > 0);
        report.startToFirstReconcile(what, System.nanoTime() - start);
        if (what.equals("cold start")) {
            assertThat(watch.awaitReached(2 * N, CONVERGE)).as("all %d Deployments within %s (%d reached of %d "
                    + "seen; templates %s); %s", 2 * N, CONVERGE, watch.reached().size(), watch.count(),
                    watch.templates().values().stream().findFirst().orElse("none"), ho.diagnostics()).isTrue();
            List<Long> reached = new ArrayList<>(watch.reached().values());
            report.note(what + ": start → first Deployment " + ScaleReport.seconds(
                    reached.stream().mapToLong(t -> t - start).min().orElseThrow()) + ", → all " + (2 * N) + " "
                    + ScaleReport.seconds(reached.stream().mapToLong(t -> t - start).max().orElseThrow()));
        }
    }

    private void edits(ScaleReport report, OperatorProcess ho, ScaleWorld world, DeploymentWatch watch,
            ApiServerCluster api) throws Exception {
        for (int k = 1; k <= EDITS; k++) {
            Map<String, Long> generations = watch.generations();
            assertThat(generations).hasSize(2 * N);
            ApiWrites before = ApiWrites.parse(api.scrapeMetrics());
            double cpu0 = ho.cpuSeconds();
            Predicate<String> strings = world.strings(k);
            watch.expect(strings);
            long t0 = System.nanoTime();
            world.edit(k);
            assertThat(watch.awaitReached(2 * N, CONVERGE)).as("edit %d reaches all %d Deployments within %s; %s", k,
                    2 * N, CONVERGE, ho.diagnostics()).isTrue();
            List<Long> latencies = watch.reached().values().stream().map(t -> t - t0).toList();
            settle(api);
            double cpu = ho.cpuSeconds() - cpu0;
            ApiWrites writes = ApiWrites.parse(api.scrapeMetrics()).since(before);
            report.edit(latencies, writes, cpu);
            // each Deployment written exactly once: its generation moved by one
            Map<String, Long> after = watch.generations();
            int edit = k;
            generations.forEach((d, g) -> assertThat(after.get(d)).as("generation of %s after edit %d", d, edit)
                    .isEqualTo(g + 1));
            assertThat(writes.of("deployments")).as("Deployment writes of edit %d: %s", k, writes).isEqualTo(2L * N);
        }
    }

    /** An annotation on the IDMS, then on every HostedCluster: the operator reconciles and writes nothing. */
    private void noOps(ScaleReport report, ScaleWorld world, DeploymentWatch watch, ApiServerCluster api)
            throws Exception {
        Map<String, Long> generations = watch.generations();
        ApiWrites before = ApiWrites.parse(api.scrapeMetrics());
        world.touchIdms("1");
        settle(api);
        ApiWrites idms = ApiWrites.parse(api.scrapeMetrics()).since(before);
        report.note("IDMS annotation-only change: " + idms.total(NOT_RECONCILES) + " writes by the operator " + idms);
        assertThat(idms.total(NOT_RECONCILES)).as("writes after an annotation-only IDMS change: %s", idms).isZero();

        String metrics = api.scrapeMetrics();
        ApiWrites before2 = ApiWrites.parse(metrics);
        ApiWrites gets0 = ApiWrites.gets(metrics);
        world.touchClusters("1");
        settle(api);
        metrics = api.scrapeMetrics();
        ApiWrites touched = ApiWrites.parse(metrics).since(before2);
        ApiWrites gets = ApiWrites.gets(metrics).since(gets0);
        // (fabric8's patch of each HostedCluster GETs it first: those are the harness's)
        report.note("the same " + N + " reconciles read " + gets.total(NOT_RECONCILES) + " objects with a GET " + gets);
        // an unchanged control plane is read from the informers' caches, not object by object
        assertThat(gets.total(NOT_RECONCILES)).as("GETs of %d reconciles of unchanged control planes: %s", N, gets)
                .isZero();
        report.note("an unrelated annotation on each of the " + N + " HostedClusters: " + touched.total(NOT_RECONCILES)
                + " writes by the operator " + touched);
        assertThat(touched.total(NOT_RECONCILES)).as("writes after touching every HostedCluster: %s", touched).isZero();
        assertThat(watch.generations()).isEqualTo(generations);
    }

    /** A second operator process on the converged world: start → first reconcile, and it writes nothing. */
    private void restart(ScaleReport report, ScaleWorld world, DeploymentWatch watch, ApiServerCluster api,
            List<String> jvm, Path logs) throws Exception {
        Map<String, Long> generations = watch.generations();
        ApiWrites before = ApiWrites.parse(api.scrapeMetrics());
        try (OperatorProcess again = OperatorProcess.start("hypershift-operator-restarted", logs, world.kubeconfig, jvm,
                world.operatorArgs(), world.operatorEnv("scale-1"))) {
            startUp(report, again, world, watch, "restart on a converged world");
            Eventually.await("every HostedCluster reconciled after the restart", CONVERGE,
                    () -> again.reconcilesStarted().orElse(0.0) >= N);
            settle(api);
            ApiWrites writes = ApiWrites.parse(api.scrapeMetrics()).since(before);
            report.note("restart on a converged world: " + writes.total(NOT_RECONCILES) + " writes by the operator "
                    + writes);
            assertThat(writes.total(NOT_RECONCILES)).as("writes of a restarted operator: %s", writes).isZero();
            assertThat(watch.generations()).as("nothing rolled").isEqualTo(generations);
        }
    }

    /** Waits until the API server has seen no write for 2 s in a row (at most 5 minutes). */
    static void settle(ApiServerCluster api) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        ApiWrites last = ApiWrites.parse(api.scrapeMetrics());
        int quiet = 0;
        while (quiet < 4 && System.nanoTime() < end) {
            Thread.sleep(500);
            ApiWrites now = ApiWrites.parse(api.scrapeMetrics());
            quiet = now.since(last).total(Set.of("leases")) == 0 ? quiet + 1 : 0;
            last = now;
        }
    }
}
