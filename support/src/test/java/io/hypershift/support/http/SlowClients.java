package io.hypershift.support.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback connections that each send a few bytes of a request (or of a TLS handshake) and then nothing: the
 * slowloris pattern. Bounded: at most {@link #MAX} sockets, each with a read timeout; {@link #close()} closes all.
 */
public final class SlowClients implements AutoCloseable {
    public static final int MAX = 1000;

    private final List<Socket> sockets = new ArrayList<>();

    private SlowClients() {}

    /** Opens {@code count} connections to {@code address} and writes {@code prefix} on each. */
    public static SlowClients open(InetSocketAddress address, int count, byte[] prefix) throws IOException {
        if (count > MAX) {
            throw new IllegalArgumentException("at most " + MAX + " slow clients");
        }
        SlowClients c = new SlowClients();
        try {
            for (int i = 0; i < count; i++) {
                Socket s = new Socket();
                c.sockets.add(s);
                s.connect(address, 5_000);
                s.setSoTimeout(100);
                OutputStream out = s.getOutputStream();
                out.write(prefix);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The first bytes of an HTTP request, without the end of its headers. */
    public static byte[] partialRequest() {
        return "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
    }

    /** How many of the connections the server has closed, waiting up to {@code wait} overall. */
    public int closedByServer(Duration wait) throws IOException {
        long end = System.nanoTime() + wait.toNanos();
        int closed = 0;
        for (Socket s : sockets) {
            while (true) {
                try {
                    InputStream in = s.getInputStream();
                    int b = in.read();
                    if (b < 0) {
                        closed++;
                        break;
                    }
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() > end) {
                        return closed;
                    }
                } catch (IOException e) {
                    closed++; // reset
                    break;
                }
            }
        }
        return closed;
    }

    public int size() {
        return sockets.size();
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a test socket
            }
        }
    }
}
