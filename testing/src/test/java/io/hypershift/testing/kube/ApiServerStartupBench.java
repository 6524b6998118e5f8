package io.hypershift.testing.kube;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How long the apiserver backend takes to start (etcd + kube-apiserver until /readyz and the system namespaces),
 * and to install the CRDs. Not part of the build (surefire runs *Test classes only):
 * {@code ./mvnw -o -pl testing -am verify -Dtest=ApiServerStartupBench -Dbench.runs=5 -Dsurefire.failIfNoSpecifiedTests=false}.
 * Writes {@code testing/target/bench/apiserver-startup.txt}; the numbers go to BENCHMARKS.md.
 */
class ApiServerStartupBench {

    @Test
    void startTheApiServerRepeatedly() throws Exception {
        KubeSettings settings = KubeSettings.current();
        ApiServerBinaries.Result found = ApiServerBinaries.locate(settings);
        assumeTrue(found.binaries().isPresent(), found.whyNot());
        int runs = Integer.getInteger("bench.runs", 5);
        List<Long> start = new ArrayList<>();
        List<Long> crds = new ArrayList<>();
        List<Long> stop = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            ApiServerCluster c = ApiServerCluster.start(found.binaries().get(), settings.startupTimeout());
            long t1 = System.nanoTime();
            try (KubernetesClient client = c.newClient()) {
                Crds.install(client);
            }
            long t2 = System.nanoTime();
            c.close();
            long t3 = System.nanoTime();
            start.add(t1 - t0);
            crds.add(t2 - t1);
            stop.add(t3 - t2);
        }
        String report = String.format("%s, %d runs, load average %s%n  start to ready: %s%n  5 CRDs Established: %s%n"
                + "  stop: %s%n", found.binaries().get().description(), runs, loadAverage(), summary(start),
                summary(crds), summary(stop));
        Path out = Path.of("target", "bench", "apiserver-startup.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.print("[bench] " + report);
    }

    private static String summary(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("min %.2f s, median %.2f s, max %.2f s", s(sorted.get(0)), s(sorted.get(sorted.size() / 2)),
                s(sorted.get(sorted.size() - 1)));
    }

    private static double s(long nanos) {
        return Duration.ofNanos(nanos).toMillis() / 1000.0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
