package io.hypershift.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeEndpointsTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private int status(InetSocketAddress a, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + a.getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Optional<InetSocketAddress> loopback(int port) {
        return Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    @Test
    void whenTheAddressesDiffer_itShouldServeMetricsAndProbesOnSeparateListeners() throws Exception {
        try (ProbeEndpoints e = ProbeEndpoints.start(loopback(0), loopback(0), () -> true, () -> false, () -> "m 1\n")) {
            InetSocketAddress metrics = e.metricsAddress().orElseThrow();
            InetSocketAddress health = e.healthAddress().orElseThrow();
            assertThat(metrics.getPort()).isNotEqualTo(health.getPort());
            assertThat(e.addresses()).containsExactly(metrics, health);
            assertThat(status(metrics, "/metrics")).isEqualTo(200);
            assertThat(status(metrics, "/healthz")).isEqualTo(404);
            assertThat(status(health, "/healthz")).isEqualTo(200);
            assertThat(status(health, "/readyz")).isEqualTo(503);
            assertThat(status(health, "/metrics")).isEqualTo(404);
        }
    }

    @Test
    void whenBothAddressesAreTheSame_itShouldServeEverythingOnOneListener() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (ProbeEndpoints e = ProbeEndpoints.start(loopback(port), loopback(port), () -> true, () -> true,
                () -> "m 1\n")) {
            assertThat(e.addresses()).hasSize(1);
            InetSocketAddress a = e.addresses().get(0);
            assertThat(status(a, "/metrics")).isEqualTo(200);
            assertThat(status(a, "/readyz")).isEqualTo(200);
        }
    }

    @Test
    void whenAnAddressIsAbsent_itShouldNotListenForIt() throws Exception {
        try (ProbeEndpoints e = ProbeEndpoints.start(Optional.empty(), loopback(0), () -> true, () -> true,
                () -> "m 1\n")) {
            assertThat(e.metricsAddress()).isEmpty();
            assertThat(e.addresses()).hasSize(1);
        }
    }

    @Test
    void whenTheHealthPortIsTaken_itShouldFailAndReleaseTheMetricsPort() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int metricsPort;
            try (var probe = new java.net.ServerSocket(0)) {
                metricsPort = probe.getLocalPort();
            }
            assertThatThrownBy(() -> ProbeEndpoints.start(loopback(metricsPort), loopback(taken.getLocalPort()),
                    () -> true, () -> true, () -> "")).isInstanceOf(IOException.class);
            // the metrics listener was closed again: its port binds
            try (var again = new java.net.ServerSocket(metricsPort, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.isBound()).isTrue();
            }
        }
    }
}
