package io.hypershift.support.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fault proxy's modes, in front of a loopback echo server. */
class FaultProxyTest {
    private ServerSocket echo;
    private ExecutorService pool;
    private FaultProxy proxy;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool = Executors.newCachedThreadPool();
        pool.execute(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    pool.execute(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException gone) {
                            // the proxy reset it
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        proxy = FaultProxy.to("echo", new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
        pool.shutdownNow();
    }

    /** Sends "ping" and reads the echo, with a read timeout. */
    private String roundTrip(Duration readTimeout) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 2_000);
            s.setSoTimeout((int) readTimeout.toMillis());
            s.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] b = in.readNBytes(4);
            if (b.length < 4) {
                throw new IOException("closed after " + b.length + " bytes");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("When passing through, it should forward both ways; down refuses; reset resets; pass restores, same port")
    void passDownResetPass() throws Exception {
        int port = proxy.port();
        assertThat(roundTrip(Duration.ofSeconds(2))).isEqualTo("ping");
        proxy.down();
        // refused; on a busy machine the kernel can still complete a handshake that raced the close, and then reset
        // it: either way the client gets no byte and no timeout (ConnectException is a SocketException)
        assertThatThrownBy(() -> roundTrip(Duration.ofSeconds(2))).isInstanceOf(java.net.SocketException.class);
        proxy.reset();
        assertThatThrownBy(() -> roundTrip(Duration.ofSeconds(2))).isInstanceOf(IOException.class)
                .isNotInstanceOf(SocketTimeoutException.class);
        proxy.pass();
        assertThat(proxy.port()).isEqualTo(port);
        assertThat(roundTrip(Duration.ofSeconds(2))).isEqualTo("ping");
    }

    @Test
    @DisplayName("When delaying, the first byte should come after the delay; when stalled, never")
    void delayAndStall() throws Exception {
        proxy.delay(Duration.ofMillis(400));
        long t0 = System.nanoTime();
        assertThat(roundTrip(Duration.ofSeconds(5))).isEqualTo("ping");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        proxy.stall();
        assertThatThrownBy(() -> roundTrip(Duration.ofMillis(500))).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    @DisplayName("When going down, it should reset the connections that were open")
    void downResetsOpenConnections() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 2_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write('x');
            assertThat(s.getInputStream().read()).isEqualTo('x');
            proxy.down();
            assertThatThrownBy(() -> {
                s.getOutputStream().write('y');
                if (s.getInputStream().read() < 0) {
                    throw new IOException("closed");
                }
            }).isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    @DisplayName("When flapping, it should alternate between answering and refusing")
    void flapping() throws Exception {
        proxy.flap(Duration.ofMillis(150), Duration.ofMillis(150));
        boolean up = false;
        boolean down = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int i = 0; i < 500 && !(up && down) && System.nanoTime() < deadline; i++) {
            try {
                up |= roundTrip(Duration.ofSeconds(1)).equals("ping");
            } catch (IOException e) {
                down = true;
            }
            Thread.sleep(20);
        }
        assertThat(up).as("answered at least once").isTrue();
        assertThat(down).as("refused at least once").isTrue();
        assertThat(proxy.flips()).isGreaterThanOrEqualTo(1);
    }
}
