package io.hypershift.support.http;

import java.time.Duration;

/**
 * The limits every listener of ours runs with, so that slow or hostile clients cannot hold it.
 *
 * @param headerTimeout from the TCP accept (TLS handshake included) to the end of the request headers, and again
 *     from the end of one response to the end of the next request's headers on a kept-alive connection: the guard
 *     against slowloris that Go calls {@code ReadHeaderTimeout}. Idle time counts against it.
 * @param idleTimeout no byte read or written for this long closes the connection
 * @param maxConnections accepted connections at once; further ones wait in the accept backlog
 * @param maxHeaderBytes request line and headers
 * @param maxBodyBytes request body; a larger one gets 413
 * @param threads the server's own threads (accept, select, handle); handlers must not block on slow work
 */
public record ServerLimits(Duration headerTimeout, Duration idleTimeout, int maxConnections, int maxHeaderBytes,
        long maxBodyBytes, int threads) {
    public ServerLimits {
        if (headerTimeout.isNegative() || headerTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections < 1 || maxHeaderBytes < 1024 || maxBodyBytes < 0 || threads < 4) {
            throw new IllegalArgumentException("limits out of range");
        }
    }

    /** Probe and metrics ports: a kubelet and a scraper, a few requests a minute, no body. */
    public static ServerLimits probes() {
        return new ServerLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), 1024, 8 * 1024, 0, 8);
    }

    /** The ignition-server's HTTPS port: a burst of booting nodes, each one GET with a bearer token. */
    public static ServerLimits ignition() {
        return new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), 1024, 16 * 1024, 0, 16);
    }

    public ServerLimits withHeaderTimeout(Duration timeout) {
        return new ServerLimits(timeout, idleTimeout, maxConnections, maxHeaderBytes, maxBodyBytes, threads);
    }
}
