package io.hypershift.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.cli.UserInputException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(ProbeServer s, String path, String method) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + s.address().getPort() + path);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whenProbesAndMetricsAreServed_itShouldAnswerEachByPathAndState() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (ProbeServer s = ProbeServer.builder()
                .probe("/healthz", () -> true)
                .probe("/readyz", ready::get)
                .metrics("/metrics", () -> "x_total 1.0\n")
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThat(get(s, "/healthz", "GET").statusCode()).isEqualTo(200);
            assertThat(get(s, "/readyz", "GET").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(s, "/readyz", "GET").body()).isEqualTo("ok\n");
            HttpResponse<String> m = get(s, "/metrics", "GET");
            assertThat(m.body()).isEqualTo("x_total 1.0\n");
            assertThat(m.headers().firstValue("Content-Type")).hasValue(ProbeServer.PROMETHEUS_CONTENT_TYPE);
            assertThat(get(s, "/healthz/x", "GET").statusCode()).isEqualTo(404);
            assertThat(get(s, "/healthz", "POST").statusCode()).isEqualTo(405);
        }
    }

    @ParameterizedTest(name = "When the address is \"{0}\", it should bind port {1}")
    @CsvSource({":8080,8080", "127.0.0.1:9443,9443", "[::1]:81,81"})
    void whenTheAddressIsValid_itShouldParse(String value, int port) {
        assertThat(BindAddress.parse(value, "--x")).get().extracting(InetSocketAddress::getPort).isEqualTo(port);
    }

    @Test
    void whenTheAddressIsZero_itShouldBeDisabled() {
        assertThat(BindAddress.parse("0", "--x")).isEmpty();
    }

    @ParameterizedTest(name = "When the address is \"{0}\", it should be rejected naming the flag")
    @CsvSource({"8080", "host:port", ":70000"})
    void whenTheAddressIsInvalid_itShouldBeRejected(String value) {
        assertThatThrownBy(() -> BindAddress.parse(value, "--metrics-bind-address"))
                .isInstanceOf(UserInputException.class).hasMessageStartingWith("--metrics-bind-address: ");
    }
}
