package io.hypershift.support.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP for the registry client: one request with timeouts, bounded retries with backoff on connection errors and 5xx
 * (never on 4xx), redirects followed by hand so that an {@code Authorization} header never follows a redirect to
 * another host, and the scheme of insecure registries (HTTPS without verification, else plain HTTP). Failures become
 * typed {@link RegistryException}s.
 */
final class RegistryHttp {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);
    private static final int MAX_REDIRECTS = 5;
    /** How close to a deadline a timeout must fire to be reported as that deadline (timer granularity). */
    private static final long DEADLINE_SLOP_MILLIS = 100;

    /** Waits between attempts; tests may pass one that does not sleep. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** A response whose body must be closed. */
    record Response(int status, HttpHeaders headers, InputStream body, URI uri) implements AutoCloseable {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // nothing to do: the connection is dropped
            }
        }

        /** The body as text, at most {@code max} bytes, for error messages. */
        String text(int max) {
            try (InputStream in = body) {
                return new String(in.readNBytes(max), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
    }

    private final RegistryClientOptions options;
    private final Sleeper sleeper;
    private final HttpClient verified;
    private volatile HttpClient unverified;
    private final Set<String> plainHttpHosts = ConcurrentHashMap.newKeySet();

    RegistryHttp(RegistryClientOptions options, Sleeper sleeper) {
        this.options = options;
        this.sleeper = sleeper;
        this.verified = client(TlsContexts.verified(options.caBundle()));
    }

    private HttpClient client(javax.net.ssl.SSLContext ssl) {
        return HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    private HttpClient clientFor(String host) {
        if (!options.isInsecure(host)) {
            return verified;
        }
        HttpClient c = unverified;
        if (c == null) {
            synchronized (this) {
                if (unverified == null) {
                    unverified = client(TlsContexts.unverified());
                }
                c = unverified;
            }
        }
        return c;
    }

    boolean isInsecureRegistry(String host) {
        return options.isInsecure(host);
    }

    /** {@code https://host} (or {@code http://host} for an insecure registry that does not speak TLS). */
    URI base(String host) {
        return URI.create((plainHttpHosts.contains(host) ? "http://" : "https://") + host);
    }

    /**
     * Sends a GET or HEAD. {@code registry}/{@code repository} name the failure; the {@code Authorization} header,
     * if any, goes only to {@code uri}'s host.
     */
    Response send(String registry, String repository, String method, URI uri, Map<String, String> headers)
            throws RegistryException {
        DeadlineExceededException.Cutoff cutoff =
                DeadlineExceededException.Cutoff.forRequest(options.deadlines().request());
        URI target = uri;
        for (int redirects = 0; ; redirects++) {
            Response r = sendWithRetries(registry, repository, method, target, headers, cutoff);
            if (r.status() < 300 || r.status() >= 400 || r.status() == 304) {
                return r;
            }
            String location = r.header("Location");
            r.close();
            if (location == null || redirects >= MAX_REDIRECTS) {
                throw new RegistryResponseException(registry, repository, r.status(),
                        location == null ? "redirect without a Location" : "more than " + MAX_REDIRECTS + " redirects");
            }
            URI next;
            try {
                next = target.resolve(location);
            } catch (IllegalArgumentException e) {
                next = null;
            }
            if (next == null || next.getHost() == null
                    || !(next.getScheme().equals("https") || next.getScheme().equals("http"))) {
                throw new RegistryResponseException(registry, repository, r.status(),
                        "redirect to a Location that is not an http(s) URL");
            }
            if (!next.getHost().equalsIgnoreCase(target.getHost()) || next.getPort() != target.getPort()
                    || !next.getScheme().equals(target.getScheme())) {
                headers = withoutAuthorization(headers);
            }
            target = next;
        }
    }

    private static Map<String, String> withoutAuthorization(Map<String, String> headers) {
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.remove("Authorization");
        return h;
    }

    private Response sendWithRetries(String registry, String repository, String method, URI uri,
            Map<String, String> headers, DeadlineExceededException.Cutoff cutoff) throws RegistryException {
        String host = hostPort(uri);
        IOException last = null;
        boolean triedPlain = false;
        int attempt = 0;
        while (attempt < options.maxAttempts()) {
            attempt++;
            if (attempt > 1) {
                backoff(registry, repository, attempt, last, cutoff);
            }
            if (cutoff.passed()) {
                throw new RegistryConnectionException(registry, repository, attempt,
                        cutoff.exceeded("before " + method + " " + forLog(uri)));
            }
            HttpRequest request;
            try {
                Duration headerWait = Duration.ofMillis(Math.max(1,
                        Math.min(options.readTimeout().toMillis(), cutoff.remainingMillis())));
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(headerWait)
                        .method(method, HttpRequest.BodyPublishers.noBody());
                headers.forEach(b::header);
                request = b.build();
            } catch (IllegalArgumentException e) {
                // the JDK's message quotes the offending header value, which may be a credential
                throw new RegistryResponseException(registry, repository, 0, "cannot send " + method + " "
                        + forLog(uri) + ": an invalid URL or header value (from the registry's redirect or token)");
            }
            try {
                HttpResponse<InputStream> resp = clientFor(host).send(request,
                        TimedBodyStream.handler(options.readTimeout(), cutoff));
                if (uri.getScheme().equals("http") && options.isInsecure(host) && plainHttpHosts.add(host)) {
                    LOG.info("registry {} is marked insecure and answers plain HTTP; using HTTP from now on", host);
                }
                Response r = new Response(resp.statusCode(), resp.headers(), resp.body(), uri);
                if (r.status() >= 500 && attempt < options.maxAttempts()) {
                    LOG.debug("{} {}: HTTP {}, retrying", method, forLog(uri), r.status());
                    r.close();
                    last = new IOException("HTTP " + r.status());
                    continue;
                }
                return r;
            } catch (IOException e) {
                boolean insecure = options.isInsecure(host);
                if (insecure && uri.getScheme().equals("https") && !triedPlain) {
                    // containers-registries.conf "insecure": HTTPS without verification, else plain HTTP; the host is
                    // remembered as plain HTTP only once HTTP answers, so a registry that was down stays on HTTPS
                    LOG.debug("registry {} is marked insecure and HTTPS failed ({}); trying plain HTTP", host, e.toString());
                    triedPlain = true;
                    uri = withScheme(uri, "http");
                    attempt--;
                    continue;
                }
                if (insecure && uri.getScheme().equals("http") && !plainHttpHosts.contains(host)) {
                    uri = withScheme(uri, "https"); // neither answered: retry as it was
                }
                if (isTls(e)) {
                    throw new RegistryTlsException(registry, repository, e);
                }
                // a timeout that ends with the request's or the lookup's deadline is that deadline, and says so
                last = e instanceof java.net.http.HttpTimeoutException && cutoff.remainingMillis() <= DEADLINE_SLOP_MILLIS
                        ? cutoff.exceeded("waiting for " + method + " " + forLog(uri)) : e;
                LOG.debug("{} {}: attempt {} failed: {}", method, forLog(uri), attempt, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryConnectionException(registry, repository, attempt, e);
            }
        }
        throw new RegistryConnectionException(registry, repository, attempt, last);
    }

    /**
     * {@code uri} without its query and user info: a redirect to blob storage carries a signed query (e.g.
     * {@code X-Amz-Signature}) that grants access by itself, so it never reaches a log line.
     */
    static String forLog(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + hostPort(uri) + path + (uri.getRawQuery() == null ? "" : "?<redacted>");
    }

    private static URI withScheme(URI uri, String scheme) {
        String s = uri.toString();
        return URI.create(scheme + s.substring(s.indexOf(':')));
    }

    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private void backoff(String registry, String repository, int attempt, IOException last,
            DeadlineExceededException.Cutoff cutoff) throws RegistryConnectionException {
        long base = options.initialBackoff().toMillis() << (attempt - 2);
        long jitter = base <= 1 ? 0 : ThreadLocalRandom.current().nextLong(base / 4 + 1);
        if (base + jitter >= cutoff.remainingMillis()) {
            // waiting would end past the deadline: fail now with the last error
            throw new RegistryConnectionException(registry, repository, attempt - 1, last);
        }
        try {
            sleeper.sleep(Duration.ofMillis(base + jitter));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryConnectionException(registry, repository, attempt - 1, last);
        }
    }

    static String hostPort(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
}
