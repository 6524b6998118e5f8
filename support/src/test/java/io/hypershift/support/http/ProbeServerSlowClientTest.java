package io.hypershift.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile clients on loopback against the probe port (issue 16, item 2). */
@Timeout(60)
class ProbeServerSlowClientTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ProbeServer start() throws Exception {
        return ProbeServer.builder().probe("/healthz", () -> true)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private long healthzMillis(ProbeServer s) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.address().getPort() + "/healthz"))
                .timeout(Duration.ofSeconds(5)).build();
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void whenManyClientsSendHalfARequest_healthzShouldStillAnswerWithinOneSecond() throws Exception {
        try (ProbeServer s = start(); SlowClients slow = SlowClients.open(s.address(), 200, "G".getBytes())) {
            long ms = healthzMillis(s);
            System.out.println("[probe] /healthz with " + slow.size() + " slow connections open: " + ms + " ms");
            assertThat(ms).isLessThan(1000);
        }
    }

    @Test
    void whenAClientNeverFinishesItsHeaders_theConnectionShouldBeClosedAfterTheHeaderTimeout() throws Exception {
        try (ProbeServer s = start(); SlowClients slow = SlowClients.open(s.address(), 3, SlowClients.partialRequest())) {
            long t0 = System.nanoTime();
            assertThat(slow.closedByServer(Duration.ofSeconds(15))).isEqualTo(3);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("closed by the header deadline (%s), not the idle timeout",
                    ServerLimits.probes().headerTimeout()).isLessThan(ServerLimits.probes().idleTimeout().toMillis());
        }
    }
}
