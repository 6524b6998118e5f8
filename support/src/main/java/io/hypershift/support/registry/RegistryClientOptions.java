package io.hypershift.support.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the registry client connects. TLS is verified against the JVM's trust store plus {@code caBundle} (a PEM file
 * with one or more CA certificates, may be {@code null}). Only the hosts in {@code insecureHosts} ({@code host[:port]}
 * exactly as in image references) may use plain HTTP or an unverified certificate; the client tries HTTPS without
 * verification first and falls back to HTTP, like containers-registries.conf's {@code insecure = true}.
 *
 * @param connectTimeout to open a connection
 * @param readTimeout to get the response headers, and then between two chunks of a body
 * @param maxAttempts per request, counting the first (connection errors and 5xx are retried; 4xx never)
 * @param initialBackoff before the second attempt; it doubles for each later one
 * @param deadlines the total time one request (retries, redirects and body included) and one lookup (every
 *     candidate, every request) may take, however steadily the registry sends
 */
public record RegistryClientOptions(Path caBundle, Set<String> insecureHosts, Duration connectTimeout,
        Duration readTimeout, int maxAttempts, Duration initialBackoff, Deadlines deadlines) {

    /**
     * @param request one request: connect, retries, redirects, headers and the whole body
     * @param lookup one lookup: a release or an image over all its candidates (mirrors, source) and their requests
     */
    public record Deadlines(Duration request, Duration lookup) {
        public static final Duration DEFAULT_REQUEST = Duration.ofSeconds(60);
        public static final Duration DEFAULT_LOOKUP = Duration.ofSeconds(120);

        public Deadlines {
            if (request == null || lookup == null || request.isNegative() || request.isZero() || lookup.isNegative()
                    || lookup.isZero()) {
                throw new IllegalArgumentException("registry deadlines must be positive");
            }
        }

        public static Deadlines defaults() {
            return new Deadlines(DEFAULT_REQUEST, DEFAULT_LOOKUP);
        }
    }

    public RegistryClientOptions {
        insecureHosts = Set.copyOf(insecureHosts);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(deadlines, "deadlines");
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be 1..10, got " + maxAttempts);
        }
    }

    /**
     * Verified TLS, no extra CA, 10 s to connect, 30 s to read, 3 attempts from 200 ms backoff, 60 s a request and
     * 120 s a lookup at most.
     */
    public static RegistryClientOptions defaults() {
        return new RegistryClientOptions(null, Set.of(), Duration.ofSeconds(10), Duration.ofSeconds(30), 3,
                Duration.ofMillis(200), Deadlines.defaults());
    }

    public RegistryClientOptions withCaBundle(Path file) {
        return new RegistryClientOptions(file, insecureHosts, connectTimeout, readTimeout, maxAttempts,
                initialBackoff, deadlines);
    }

    public RegistryClientOptions withInsecureHosts(Set<String> hosts) {
        return new RegistryClientOptions(caBundle, hosts, connectTimeout, readTimeout, maxAttempts,
                initialBackoff, deadlines);
    }

    public RegistryClientOptions withTimeouts(Duration connect, Duration read) {
        return new RegistryClientOptions(caBundle, insecureHosts, connect, read, maxAttempts, initialBackoff,
                deadlines);
    }

    public RegistryClientOptions withRetries(int attempts, Duration backoff) {
        return new RegistryClientOptions(caBundle, insecureHosts, connectTimeout, readTimeout, attempts,
                backoff, deadlines);
    }

    public RegistryClientOptions withDeadlines(Deadlines d) {
        return new RegistryClientOptions(caBundle, insecureHosts, connectTimeout, readTimeout, maxAttempts,
                initialBackoff, d);
    }

    /**
     * Reads the CA bundle now, so that a bad file is reported at start-up rather than at the first pull.
     *
     * @return these options
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no PEM certificate
     */
    public RegistryClientOptions checkCaBundle() {
        if (caBundle != null) {
            TlsContexts.verified(caBundle);
        }
        return this;
    }

    public boolean isInsecure(String registryHost) {
        return insecureHosts.contains(registryHost);
    }
}
