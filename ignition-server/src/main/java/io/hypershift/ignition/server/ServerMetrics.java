package io.hypershift.ignition.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * The ignition-server's metrics: {@code hypershift_ignition_requests_total{code}},
 * {@code hypershift_ignition_payload_generation_seconds{outcome}}, {@code hypershift_ignition_payload_cache_hits_total},
 * {@code hypershift_ignition_payload_cache_misses_total} and {@code hypershift_ignition_tokens}.
 */
public final class ServerMetrics {
    private final MeterRegistry registry;
    private final Counter hits;
    private final Counter misses;

    public ServerMetrics(MeterRegistry registry, Supplier<Number> tokens) {
        this.registry = registry;
        this.hits = Counter.builder("hypershift.ignition.payload.cache.hits")
                .description("Payload requests answered from the cache").register(registry);
        this.misses = Counter.builder("hypershift.ignition.payload.cache.misses")
                .description("Payload requests that generated a payload").register(registry);
        Gauge.builder("hypershift.ignition.tokens", tokens).description("Bearer tokens accepted now").register(registry);
    }

    public void request(int code) {
        Counter.builder("hypershift.ignition.requests").description("Ignition requests by HTTP status code")
                .tag("code", Integer.toString(code)).register(registry).increment();
    }

    public void cache(boolean hit) {
        (hit ? hits : misses).increment();
    }

    /** Starts timing a generation; stop it with {@link #generated}. */
    public Timer.Sample startGeneration() {
        return Timer.start(registry);
    }

    public void generated(Timer.Sample sample, boolean success) {
        sample.stop(Timer.builder("hypershift.ignition.payload.generation")
                .description("Time to generate a payload (release lookup, live translation, rendering)")
                .tag("outcome", success ? "success" : "failure").register(registry));
    }
}
