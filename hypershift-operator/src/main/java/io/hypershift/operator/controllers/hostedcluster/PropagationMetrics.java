package io.hypershift.operator.controllers.hostedcluster;

import io.hypershift.operator.controllers.registryoverrides.OverridesSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code hypershift_registry_overrides_propagation_seconds}: from the moment the operator observed an ICSP/IDMS
 * change to the moment a HostedCluster's Deployments carry the new strings, once per cluster and change. A cluster's
 * first propagation (a new cluster, or the first after start-up) follows no observed change and is not timed.
 */
public final class PropagationMetrics {
    private final Timer timer;
    private final Clock clock;
    private final Map<String, Long> recorded = new ConcurrentHashMap<>();

    public PropagationMetrics(MeterRegistry registry, Clock clock) {
        this.timer = Timer.builder("hypershift_registry_overrides_propagation")
                .description("Latency from an ICSP/IDMS change to the updated control-plane Deployments")
                .publishPercentileHistogram()
                .register(registry);
        this.clock = clock;
    }

    /** Called after each reconcile of {@code cluster} that found the Deployments carrying {@code snapshot}'s strings. */
    public void propagated(String cluster, OverridesSnapshot snapshot) {
        Long previous = recorded.put(cluster, snapshot.version());
        if (previous != null && previous < snapshot.version()) {
            Duration d = Duration.between(snapshot.changedAt(), clock.instant());
            timer.record(d.isNegative() ? Duration.ZERO : d);
        }
    }

    public void forget(String cluster) {
        recorded.remove(cluster);
    }
}
