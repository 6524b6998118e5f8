package io.hypershift.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.util.TreeMap;

/** What one run of the scale harness measured, written as Markdown for {@code BENCHMARKS.md}. */
final class ScaleReport {
    private final int n;
    private final List<String> notes = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<Long> converged = new ArrayList<>();
    private final List<Double> cpu = new ArrayList<>();
    private final List<Double> writesPerCluster = new ArrayList<>();
    private final Map<String, Long> writesByResource = new TreeMap<>();
    private final Map<String, Long> startToReconcile = new TreeMap<>();
    private double rssMiB = Double.NaN;
    private double heapMiB = Double.NaN;

    ScaleReport(int n) {
        this.n = n;
    }

    void note(String line) {
        notes.add(line);
        System.out.println("[scale n=" + n + "] " + line);
    }

    void memory(double rss, double heap) {
        this.rssMiB = rss;
        this.heapMiB = heap;
    }

    String memoryLine() {
        return String.format(Locale.ROOT, "RSS %.0f MiB, heap %.0f MiB", rssMiB, heapMiB);
    }

    void startToFirstReconcile(String what, long nanos) {
        startToReconcile.put(what, nanos);
        note(what + ": start → first reconcile " + seconds(nanos));
    }

    /** One edit: each Deployment's latency, the writes it caused, the operator's CPU seconds. */
    void edit(List<Long> deploymentLatencies, ApiWrites writes, double cpuSeconds) {
        latencies.addAll(deploymentLatencies);
        long all = deploymentLatencies.stream().mapToLong(Long::longValue).max().orElse(0);
        converged.add(all);
        cpu.add(cpuSeconds);
        long total = writes.total(ScaleTest.NOT_RECONCILES);
        writesPerCluster.add(total / (double) n);
        writes.byResource().forEach((k, v) -> writesByResource.merge(k, v, Long::sum));
        note(String.format(Locale.ROOT, "edit %d: all %d Deployments in %s, p50 %s; %d writes (%.2f per cluster) %s; "
                + "CPU %.2f s", converged.size(), deploymentLatencies.size(), seconds(all),
                seconds(percentile(deploymentLatencies, 50)), total, total / (double) n, writes, cpuSeconds));
    }

    static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", Duration.ofNanos(nanos).toNanos() / 1e9);
    }

    Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder md = new StringBuilder();
        md.append("## scale run, N = ").append(n).append("\n\n");
        md.append("| N | edits | edit → Deployment p50 | p95 | max | all N converged (median / max) | writes per "
                + "cluster per edit | CPU s per edit (median) | RSS settled | heap after full GC | start → first "
                + "reconcile (cold / restart) |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Double> cpuSorted = cpu.stream().sorted().toList();
        md.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s / %s | %s | %s | %.0f MiB | %.0f MiB | %s / %s |%n",
                n, converged.size(),
                latencies.isEmpty() ? "–" : seconds(percentile(latencies, 50)),
                latencies.isEmpty() ? "–" : seconds(percentile(latencies, 95)),
                latencies.isEmpty() ? "–" : seconds(percentile(latencies, 100)),
                converged.isEmpty() ? "–" : seconds(percentile(converged, 50)),
                converged.isEmpty() ? "–" : seconds(percentile(converged, 100)),
                writesPerCluster.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f",
                        writesPerCluster.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
                cpuSorted.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f", cpuSorted.get(cpuSorted.size() / 2)),
                rssMiB, heapMiB,
                startToReconcile.containsKey("cold start") ? seconds(startToReconcile.get("cold start")) : "–",
                startToReconcile.containsKey("restart on a converged world")
                        ? seconds(startToReconcile.get("restart on a converged world")) : "–"));
        if (!writesByResource.isEmpty()) {
            md.append("\nWrites of all edits by resource: ").append(writesByResource).append('\n');
        }
        md.append('\n');
        notes.forEach(l -> md.append("- ").append(l).append('\n'));
        Files.writeString(file, md.toString());
        return file;
    }

}
