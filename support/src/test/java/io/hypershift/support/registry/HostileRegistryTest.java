package io.hypershift.support.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.ImageLookupException;
import io.hypershift.support.releaseinfo.MirroredImageLocator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Registries that never stop sending (issue 16, items 4 and 5), on the JDK's HTTP server on loopback over plain HTTP
 * (the host is marked insecure). Every server loop is bounded in time; every test in count and time.
 */
@Timeout(60)
class HostileRegistryTest {
    private static final long SERVER_LIMIT_NANOS = Duration.ofSeconds(20).toNanos();

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesSent = new AtomicLong();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** A registry that answers every GET with 200 and {@code chunk} written every {@code everyMillis}, for 20 s. */
    private String endless(byte[] chunk, long everyMillis) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            ex.sendResponseHeaders(200, 0); // chunked: no end announced
            long end = System.nanoTime() + SERVER_LIMIT_NANOS;
            try (OutputStream out = ex.getResponseBody()) {
                while (System.nanoTime() < end) {
                    out.write(chunk);
                    out.flush();
                    bytesSent.addAndGet(chunk.length);
                    if (everyMillis > 0) {
                        Thread.sleep(everyMillis);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up: what the test wants
            }
        });
        s.setExecutor(Executors.newCachedThreadPool());
        s.start();
        servers.add(s);
        return "127.0.0.1:" + s.getAddress().getPort();
    }

    private static RegistryClient client(Set<String> insecure, Duration request, Duration lookup) {
        RegistryClientOptions o = RegistryClientOptions.defaults().withInsecureHosts(insecure)
                .withRetries(2, Duration.ofMillis(1)).withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(10))
                .withDeadlines(new RegistryClientOptions.Deadlines(request, lookup));
        return new RegistryClient(o, Clock.systemUTC(), d -> { });
    }

    @Test
    void whenALayerDeclaredAs1000BytesIsServedWithoutEnd_itShouldStopAtTheDeclaredSize() throws Exception {
        String registry = endless(new byte[64 * 1024], 0);
        RegistryClient c = client(Set.of(registry), Duration.ofSeconds(30), Duration.ofSeconds(60));
        Descriptor layer = new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", "sha256:" + "b".repeat(64),
                1000, null);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> {
            try (Digests.VerifyingInputStream in = c.openBlob(ImageReference.parse(registry + "/a/b:1"), layer,
                    DockerConfig.empty(), 1L << 30)) {
                in.drain();
            }
        }).isInstanceOf(RegistryResponseException.class).hasMessageContaining("longer than its declared 1000 bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        // what the server managed to push into the socket buffers before the client hung up, not 44 GB
        assertThat(bytesSent.get()).isLessThan(64L << 20);
    }

    @Test
    void whenABlobDeclaresMoreThanTheLimit_itShouldNotBeRequested() throws Exception {
        String registry = endless(new byte[1], 0);
        RegistryClient c = client(Set.of(registry), Duration.ofSeconds(30), Duration.ofSeconds(60));
        Descriptor config = new Descriptor("application/vnd.oci.image.config.v1+json", "sha256:" + "c".repeat(64),
                9L << 20, null);
        assertThatThrownBy(() -> c.readBlob(ImageReference.parse(registry + "/a/b:1"), config, DockerConfig.empty(),
                8 << 20)).isInstanceOf(RegistryResponseException.class).hasMessageContaining("the limit is 8388608");
        assertThat(bytesSent.get()).isZero();
    }

    @Test
    void whenARegistryDripsOneByteAtATime_theRequestShouldEndAtItsTotalDeadline() throws Exception {
        String registry = endless(new byte[] {' '}, 100);
        RegistryClient c = client(Set.of(registry), Duration.ofSeconds(2), Duration.ofSeconds(60));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> c.manifestDigest(ImageReference.parse(registry + "/a/b:1"), DockerConfig.empty()))
                .isInstanceOf(RegistryConnectionException.class)
                .hasMessageContaining("the request's deadline of 2 s passed");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void whenEveryCandidateDrips_theLookupShouldEndAtItsDeadlineOverAllOfThem() throws Exception {
        String a = endless(new byte[] {' '}, 100);
        String b = endless(new byte[] {' '}, 100);
        String src = endless(new byte[] {' '}, 100);
        RegistryClient c = client(Set.of(a, b, src), Duration.ofSeconds(2), Duration.ofMillis(3000));
        MirroredImageLocator locator = new MirroredImageLocator(c, MirrorOverrides.of(Map.of(src + "/ns",
                List.of(a + "/ns", b + "/ns"))), RegistryOverrides.empty(), Clock.systemUTC(), Duration.ofMinutes(1));
        long t0 = System.nanoTime();
        // three candidates of 2 s each would be 6 s; the lookup's 3 s deadline ends it
        assertThatThrownBy(() -> locator.locate(src + "/ns/img:1", DockerConfig.empty()))
                .isInstanceOf(ImageLookupException.class).hasMessageContaining("the lookup's deadline of 3 s passed");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(5500));
    }
}
