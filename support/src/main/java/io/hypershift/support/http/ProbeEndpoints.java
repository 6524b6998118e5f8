package io.hypershift.support.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The metrics and health listeners of one binary: {@code /metrics} on the metrics address, {@code /healthz} and
 * {@code /readyz} on the health address, one listener when the two addresses are the same fixed port, none for an
 * absent one. Port 0 asks for a free port, one for each listener.
 */
public final class ProbeEndpoints implements AutoCloseable {
    private final ProbeServer metrics;
    private final ProbeServer health;

    private ProbeEndpoints(ProbeServer metrics, ProbeServer health) {
        this.metrics = metrics;
        this.health = health;
    }

    /**
     * Binds the listeners; when one cannot bind, closes those already bound and rethrows.
     *
     * @param live the {@code /healthz} check
     * @param ready the {@code /readyz} check
     * @param scrape the Prometheus text for {@code /metrics}
     */
    public static ProbeEndpoints start(Optional<InetSocketAddress> metricsAddress,
            Optional<InetSocketAddress> healthAddress, BooleanSupplier live, BooleanSupplier ready,
            Supplier<String> scrape) throws IOException {
        if (metricsAddress.isPresent() && metricsAddress.equals(healthAddress) && metricsAddress.get().getPort() != 0) {
            ProbeServer both = ProbeServer.builder().probe("/healthz", live).probe("/readyz", ready)
                    .metrics("/metrics", scrape).start(metricsAddress.get());
            return new ProbeEndpoints(both, both);
        }
        ProbeServer metrics = null;
        try {
            if (metricsAddress.isPresent()) {
                metrics = ProbeServer.builder().metrics("/metrics", scrape).start(metricsAddress.get());
            }
            ProbeServer health = healthAddress.isEmpty() ? null
                    : ProbeServer.builder().probe("/healthz", live).probe("/readyz", ready).start(healthAddress.get());
            return new ProbeEndpoints(metrics, health);
        } catch (IOException | RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            throw e;
        }
    }

    /** The bound metrics address (the real port when 0 was asked for), if metrics are served. */
    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metrics).map(ProbeServer::address);
    }

    /** The bound health address, if the probes are served. */
    public Optional<InetSocketAddress> healthAddress() {
        return Optional.ofNullable(health).map(ProbeServer::address);
    }

    /** The distinct bound addresses, metrics first (one entry when they share a port). */
    public List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        metricsAddress().ifPresent(out::add);
        healthAddress().filter(a -> !out.contains(a)).ifPresent(out::add);
        return out;
    }

    @Override
    public void close() {
        if (health != null) {
            health.close();
        }
        if (metrics != null && metrics != health) {
            metrics.close();
        }
    }
}
