package io.hypershift.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The e2e run's timings: single steps (server start, each scenario) and series of samples (propagation latency),
 * printed as they are taken ({@code [e2e] timing ...}) and written as a Markdown report at the end.
 */
final class Timings {
    private final Map<String, Duration> steps = new LinkedHashMap<>();
    private final Map<String, List<Duration>> series = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void step(String name, Duration took) {
        steps.put(name, took);
        System.out.printf("[e2e] timing: %s: %s%n", name, seconds(took));
    }

    synchronized void sample(String series, String label, Duration took) {
        this.series.computeIfAbsent(series, k -> new ArrayList<>()).add(took);
        System.out.printf("[e2e] timing: %s (%s): %s%n", series, label, seconds(took));
    }

    synchronized void note(String line) {
        notes.add(line);
        System.out.println("[e2e] " + line);
    }

    /** min, median, max of a series, or empty. */
    synchronized List<Duration> summary(String name) {
        List<Duration> s = new ArrayList<>(series.getOrDefault(name, List.of()));
        if (s.isEmpty()) {
            return List.of();
        }
        s.sort(null);
        Duration median = s.size() % 2 == 1 ? s.get(s.size() / 2)
                : s.get(s.size() / 2 - 1).plus(s.get(s.size() / 2)).dividedBy(2);
        return List.of(s.get(0), median, s.get(s.size() - 1));
    }

    synchronized String markdown(String title) {
        StringBuilder b = new StringBuilder("# ").append(title).append("\n\n| step | took |\n|---|---|\n");
        steps.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(seconds(v)).append(" |\n"));
        if (!series.isEmpty()) {
            b.append("\n| series | samples | min | median | max |\n|---|---|---|---|---|\n");
            series.forEach((k, v) -> {
                List<Duration> s = summary(k);
                b.append("| ").append(k).append(" | ").append(v.size()).append(" | ").append(seconds(s.get(0)))
                        .append(" | ").append(seconds(s.get(1))).append(" | ").append(seconds(s.get(2))).append(" |\n");
            });
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    /** Prints the report and writes it to {@code file}. */
    void report(String title, Path file) {
        String md = markdown(title);
        System.out.println("[e2e] report (" + file + "):\n" + md);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String seconds(Duration d) {
        return String.format("%.3f s", d.toNanos() / 1e9);
    }
}
