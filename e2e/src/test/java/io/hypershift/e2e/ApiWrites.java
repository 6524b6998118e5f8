package io.hypershift.e2e;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's own count of write requests (or, with {@link #gets}, of GETs) ({@code apiserver_request_total} with a write verb), by
 * {@code resource[/subresource]}: what every client wrote, as the server saw it. Two snapshots subtract to the writes
 * in between.
 */
record ApiWrites(Map<String, Long> byResource) {
    private static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");
    private static final Pattern SAMPLE = Pattern.compile("(?m)^apiserver_request_total\\{([^}]*)\\}\\s+([0-9.eE+]+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    static ApiWrites parse(String metrics) {
        return parse(metrics, WRITE_VERBS);
    }

    /** The GETs of single objects ({@code verb="GET"}; lists and watches are other verbs), by resource. */
    static ApiWrites gets(String metrics) {
        return parse(metrics, Set.of("GET"));
    }

    private static ApiWrites parse(String metrics, Set<String> verbs) {
        Map<String, Long> counts = new TreeMap<>();
        Matcher m = SAMPLE.matcher(metrics);
        while (m.find()) {
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            if (!verbs.contains(labels.getOrDefault("verb", "")) || labels.getOrDefault("resource", "").isEmpty()) {
                // not this verb, or a non-resource URL (the harness's own /metrics)
                continue;
            }
            String sub = labels.getOrDefault("subresource", "");
            String key = labels.getOrDefault("resource", "?") + (sub.isEmpty() ? "" : "/" + sub);
            counts.merge(key, (long) Double.parseDouble(m.group(2)), Long::sum);
        }
        return new ApiWrites(counts);
    }

    /** The writes since {@code before}, by resource, leaving out the resources with none. */
    ApiWrites since(ApiWrites before) {
        Map<String, Long> diff = new TreeMap<>();
        byResource.forEach((k, v) -> {
            long d = v - before.byResource.getOrDefault(k, 0L);
            if (d != 0) {
                diff.put(k, d);
            }
        });
        return new ApiWrites(diff);
    }

    /** All writes, leaving out {@code excluded} resources (for example the Lease renewals of leader election). */
    long total(Set<String> excluded) {
        return byResource.entrySet().stream().filter(e -> !excluded.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    long of(String resource) {
        return byResource.getOrDefault(resource, 0L);
    }

    @Override
    public String toString() {
        return byResource.toString();
    }
}
