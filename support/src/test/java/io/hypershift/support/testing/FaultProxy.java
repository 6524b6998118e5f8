package io.hypershift.support.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fault-injecting TCP proxy on a free 127.0.0.1 port in front of a real server (typically a {@link LocalRegistry}):
 * bytes pass through untouched, so TLS and auth are the registry's own, end to end. The certificate of a
 * {@link LocalRegistry} names {@code IP:127.0.0.1}, so it verifies at the proxy's address too.
 *
 * <p>Modes, switchable at any time:
 * <ul>
 *   <li>{@link #pass()}: forward every connection;</li>
 *   <li>{@link #delay(Duration)}: hold each new connection that long before the first byte goes either way (a slow,
 *       overloaded or far-away mirror); {@link #stall()} holds it forever (a black hole that accepts and never
 *       answers);</li>
 *   <li>{@link #down()}: the port refuses connections (nothing listens), and open connections are reset, as when the
 *       registry's host goes away; {@link #reset()} accepts and resets at once (a crashing server);</li>
 *   <li>{@link #flap(Duration, Duration)}: alternate between pass-through and down, starting up.</li>
 * </ul>
 * Switching to {@link #down()} or {@link #reset()} also resets the connections open at the time: pooled keep-alive
 * connections would otherwise hide the outage from the client.
 *
 * <pre>{@code
 * @RegisterExtension static final LocalRegistry mirror = LocalRegistry.named("mirror").tls();
 * @RegisterExtension static final FaultProxy proxy = FaultProxy.to(mirror);   // register after the registry
 * proxy.down(); ... proxy.pass();
 * }</pre>
 * Nothing outlives the test: {@link #close()} (run after each test when registered as an extension; the proxy is
 * started again on first use) closes the port, every connection and every thread.
 */
public final class FaultProxy implements AfterEachCallback, AfterAllCallback, AutoCloseable {
    /** The proxy's state; {@link #DELAY} uses {@link #delay()}, {@link #FLAPPING} alternates PASS and DOWN. */
    public enum Mode { PASS, DELAY, STALL, DOWN, RESET, FLAPPING }

    private static final int BUFFER = 16 * 1024;

    private final String name;
    private final Target target;
    /** The registry behind the proxy, when there is one (for its credentials). */
    private LocalRegistry registry;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicInteger flips = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    /** Up or down now, for {@link Mode#FLAPPING}. */
    private volatile boolean flapUp = true;
    private volatile Duration delay = Duration.ZERO;
    private int port;
    private ServerSocket listener;
    private ExecutorService threads;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> flapping;

    /** Where the proxy forwards to, looked up at each connection (the registry may restart on the same port). */
    @FunctionalInterface
    public interface Target {
        InetSocketAddress address();
    }

    private FaultProxy(String name, Target target) {
        this.name = name;
        this.target = target;
    }

    /** A proxy in front of {@code registry} (started on first use, in pass-through mode). */
    public static FaultProxy to(LocalRegistry registry) {
        FaultProxy p = new FaultProxy("proxy-to-" + registry.hostPort(),
                () -> new InetSocketAddress(registry.hostPort().substring(0, registry.hostPort().lastIndexOf(':')),
                        registry.port()));
        p.registry = registry;
        return p;
    }

    /**
     * The registry's credentials at the proxy's address, as one entry of a docker config's {@code auths}:
     * {@code "127.0.0.1:PORT": {"auth": "…"}}, to join with others into a pull secret.
     */
    public String authEntry() {
        if (registry == null || registry.user() == null) {
            throw new IllegalStateException(this + ": no registry with credentials behind it");
        }
        String auth = java.util.Base64.getEncoder().encodeToString((registry.user() + ":" + registry.password())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "\"" + hostPort() + "\": {\"auth\": \"" + auth + "\"}";
    }

    /** A proxy in front of {@code address}. */
    public static FaultProxy to(String name, InetSocketAddress address) {
        return new FaultProxy(name, () -> address);
    }

    /** {@code 127.0.0.1:PORT}, the registry part of pull specs that go through the proxy. Starts the proxy. */
    public synchronized String hostPort() {
        ensureStarted();
        return "127.0.0.1:" + port;
    }

    public synchronized int port() {
        ensureStarted();
        return port;
    }

    public Mode mode() {
        return mode;
    }

    /** Connections accepted since the proxy started (including those it then reset or stalled). */
    public long connectionsAccepted() {
        return accepted.get();
    }

    /** How many times {@link #flap} has switched the state. */
    public int flips() {
        return flips.get();
    }

    /** Forward everything (new connections; open ones were never disturbed or were reset already). */
    public synchronized void pass() {
        set(Mode.PASS);
    }

    /** Each new connection waits {@code d} before any byte is forwarded either way. */
    public synchronized void delay(Duration d) {
        this.delay = d;
        set(Mode.DELAY);
    }

    /** Accept connections and never forward a byte: a black hole. */
    public synchronized void stall() {
        set(Mode.STALL);
    }

    /** Nothing listens: connections are refused, and open ones are reset. */
    public synchronized void down() {
        set(Mode.DOWN);
    }

    /** Accept and reset (RST) at once; open connections are reset too. */
    public synchronized void reset() {
        set(Mode.RESET);
    }

    /** Alternate: {@code up} of pass-through, then {@code downFor} of {@link #down()}, and so on, starting up. */
    public synchronized void flap(Duration up, Duration downFor) {
        set(Mode.FLAPPING);
        flapUp = true;
        flapping = scheduler.schedule(new Runnable() {
            @Override
            public void run() {
                synchronized (FaultProxy.this) {
                    if (mode != Mode.FLAPPING) {
                        return;
                    }
                    flapUp = !flapUp;
                    flips.incrementAndGet();
                    if (flapUp) {
                        listen();
                    } else {
                        unlisten();
                        resetOpen();
                    }
                    flapping = scheduler.schedule(this, (flapUp ? up : downFor).toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }, up.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void set(Mode next) {
        ensureStarted();
        if (flapping != null) {
            flapping.cancel(false);
            flapping = null;
        }
        mode = next;
        if (next == Mode.DOWN) {
            unlisten();
        } else {
            listen();
        }
        if (next == Mode.DOWN || next == Mode.RESET) {
            resetOpen();
        }
    }

    private void ensureStarted() {
        if (threads != null) {
            return;
        }
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-flap");
            t.setDaemon(true);
            return t;
        });
        listen();
    }

    /** Opens the listening socket (on the same port after the first time) unless it is open. */
    private void listen() {
        if (listener != null) {
            return;
        }
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
                listener = s;
                port = s.getLocalPort();
                threads.execute(() -> acceptLoop(s));
                return;
            } catch (IOException e) {
                last = e; // the port may still be in TIME_WAIT cleanup for a moment
                sleep(20);
            }
        }
        throw new IllegalStateException(name + ": cannot listen on 127.0.0.1:" + port + ": " + last);
    }

    private void unlisten() {
        ServerSocket s = listener;
        listener = null;
        closeQuietly(s);
    }

    private void resetOpen() {
        for (Socket s : open) {
            abort(s);
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // closed: down, or the proxy closed
            }
            accepted.incrementAndGet();
            open.add(client);
            try {
                threads.execute(() -> handle(client));
            } catch (RuntimeException rejected) {
                abort(client); // shutting down
            }
        }
    }

    private void handle(Socket client) {
        Mode m = mode == Mode.FLAPPING ? (flapUp ? Mode.PASS : Mode.DOWN) : mode;
        try {
            switch (m) {
                case DOWN, RESET -> {
                    abort(client);
                    return;
                }
                case STALL -> {
                    // hold the connection open without a byte until the client gives up or the mode changes
                    client.setSoTimeout(100);
                    byte[] discard = new byte[BUFFER];
                    while (mode == Mode.STALL && !client.isClosed()) {
                        try {
                            if (client.getInputStream().read(discard) < 0) {
                                break; // the client gave up
                            }
                        } catch (java.net.SocketTimeoutException stillThere) {
                            // keep holding
                        }
                    }
                    if (mode != Mode.STALL) {
                        abort(client); // the client has waited for bytes that were never forwarded
                    }
                    return;
                }
                case DELAY -> sleep(delay.toMillis());
                default -> { }
            }
            Socket upstream = new Socket();
            open.add(upstream);
            try {
                upstream.connect(target.address(), 5_000);
            } catch (IOException e) {
                abort(upstream);
                abort(client);
                return;
            }
            threads.execute(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException | RuntimeException e) {
            abort(client);
        }
    }

    /** Copies {@code from} to {@code to} until either closes, then closes both. */
    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[BUFFER];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away or was reset: the other one is closed below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    /** Closes with SO_LINGER 0, so the peer gets an RST rather than an orderly FIN. */
    private void abort(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(s);
        open.remove(s);
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the port, resets every connection and stops every thread. The next use starts it again, on a new port. */
    @Override
    public synchronized void close() {
        if (threads == null) {
            return;
        }
        if (flapping != null) {
            flapping.cancel(false);
            flapping = null;
        }
        mode = Mode.PASS;
        unlisten();
        resetOpen();
        scheduler.shutdownNow();
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads = null;
        scheduler = null;
        port = 0;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + name + " on 127.0.0.1:" + port + ", " + mode + "]";
    }
}
