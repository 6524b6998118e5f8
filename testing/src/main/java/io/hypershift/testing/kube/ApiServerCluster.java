package io.hypershift.testing.kube;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd and kube-apiserver on free loopback ports, started from the binaries {@code hack/kube-apiserver.sh} builds.
 * Everything is per server, in a temp directory deleted on close: etcd's data, the serving certificate (the
 * apiserver generates it for 127.0.0.1; the client trusts exactly it), the service-account signing key pair, and a
 * random admin token ({@code system:masters}) that is passed in a file, never on a command line.
 *
 * <p>No controller-manager runs: no garbage collection, deleted namespaces stay Terminating, no Pods.
 * Admission: the ServiceAccount plugin is off (no token controller fills ServiceAccounts);
 * OwnerReferencesPermissionEnforcement is on, as on OpenShift (the admin token bypasses it; tests that impersonate a
 * ServiceAccount see it).
 */
public final class ApiServerCluster implements KubeCluster {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServerCluster.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int START_ATTEMPTS = 2;

    private final ApiServerBinaries binaries;
    private final Path dir;
    private ManagedProcess etcd;
    private ManagedProcess apiServer;
    private int restarts;
    private final String url;
    private final byte[] caPem;
    private final String token;
    private final Duration startup;
    private final List<String> etcdCommand;
    private final List<String> apiServerCommand;
    private final String etcdUrl;

    private ApiServerCluster(ApiServerBinaries binaries, Path dir, ManagedProcess etcd, ManagedProcess apiServer,
            String url, byte[] caPem, String token, Duration startup, List<String> etcdCommand,
            List<String> apiServerCommand, String etcdUrl) {
        this.etcdCommand = etcdCommand;
        this.apiServerCommand = apiServerCommand;
        this.etcdUrl = etcdUrl;
        this.binaries = binaries;
        this.dir = dir;
        this.etcd = etcd;
        this.apiServer = apiServer;
        this.url = url;
        this.caPem = caPem;
        this.token = token;
        this.startup = startup;
    }

    /**
     * Starts etcd, then kube-apiserver, and returns once the API answers {@code /readyz} and the system
     * namespaces exist. Gives up after {@code timeout}, with the processes' last log lines in the exception.
     */
    public static ApiServerCluster start(ApiServerBinaries binaries, Duration timeout) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(binaries, timeout);
            } catch (PortTakenException e) {
                // a free port was taken between choosing it and binding it: choose again
                last = new IllegalStateException(e.getMessage(), e);
                LOG.warn("attempt {} to start kube-apiserver lost a port race: {}", attempt, e.getMessage());
            }
        }
        throw last;
    }

    private static ApiServerCluster startOnce(ApiServerBinaries binaries, Duration timeout) {
        long t0 = System.nanoTime();
        Path dir = null;
        ManagedProcess etcd = null;
        ManagedProcess apiServer = null;
        try {
            dir = Files.createTempDirectory("kube-apiserver-");
            Path certs = Files.createDirectories(dir.resolve("certs"));
            Pem.writeRsaKeyPair(dir.resolve("sa.key"), dir.resolve("sa.pub"));
            String token = Pem.randomToken();
            Pem.writePrivate(dir.resolve("tokens.csv"), token + ",admin,admin,\"system:masters\"\n");
            int[] ports = freePorts(3);
            String etcdUrl = "http://127.0.0.1:" + ports[0];
            List<String> etcdCommand = etcdCommand(binaries, dir, etcdUrl, ports[1]);
            etcd = ManagedProcess.start("etcd", etcdCommand, dir.resolve("etcd.log"));
            Deadline deadline = new Deadline(timeout);
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            waitFor("etcd /health", deadline, etcd, () -> ok(plain, URI.create(etcdUrl + "/health"), null));
            List<String> apiServerCommand = apiServerCommand(binaries, dir, certs, etcdUrl, ports[2]);
            apiServer = ManagedProcess.start("kube-apiserver", apiServerCommand, dir.resolve("kube-apiserver.log"));
            String url = "https://127.0.0.1:" + ports[2];
            Path caFile = certs.resolve("apiserver.crt");
            waitFor("the serving certificate " + caFile, deadline, apiServer,
                    () -> Files.size(caFile) > 0 && Files.readString(caFile).contains("END CERTIFICATE"));
            byte[] caPem = Files.readAllBytes(caFile);
            HttpClient tls = HttpClient.newBuilder().sslContext(Pem.trusting(caPem))
                    .connectTimeout(Duration.ofSeconds(2)).build();
            waitFor("kube-apiserver /readyz", deadline, apiServer, () -> ok(tls, URI.create(url + "/readyz"), token));
            for (String ns : List.of("default", "kube-system")) {
                waitFor("namespace " + ns, deadline, apiServer,
                        () -> ok(tls, URI.create(url + "/api/v1/namespaces/" + ns), token));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            return new ApiServerCluster(binaries, dir, etcd, apiServer, url, caPem, token, took, etcdCommand,
                    apiServerCommand, etcdUrl);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String diagnostics = Stream.of(apiServer, etcd).filter(p -> p != null).map(ManagedProcess::diagnostics)
                    .reduce("", (a, b) -> a + "\n" + b);
            stopQuietly(apiServer, etcd);
            boolean portRace = diagnostics.contains("address already in use");
            deleteQuietly(dir);
            String message = "kube-apiserver did not start (" + binaries.description() + "): " + e.getMessage()
                    + diagnostics;
            if (portRace) {
                throw new PortTakenException(message);
            }
            throw new IllegalStateException(message, e);
        }
    }

    private static List<String> etcdCommand(ApiServerBinaries b, Path dir, String clientUrl, int peerPort) {
        String peerUrl = "http://127.0.0.1:" + peerPort;
        List<String> cmd = new ArrayList<>(List.of(b.etcd().toString(),
                "--name=default",
                "--data-dir=" + dir.resolve("etcd-data"),
                "--listen-client-urls=" + clientUrl,
                "--advertise-client-urls=" + clientUrl,
                "--listen-peer-urls=" + peerUrl,
                "--initial-advertise-peer-urls=" + peerUrl,
                "--initial-cluster=default=" + peerUrl));
        if (b.etcdIsAtLeast35()) {
            // a test server's data is thrown away: no fsync, and only warnings in the log
            cmd.addAll(List.of("--unsafe-no-fsync", "--log-level=warn"));
        }
        return cmd;
    }

    private static List<String> apiServerCommand(ApiServerBinaries b, Path dir, Path certs, String etcdUrl, int port) {
        return List.of(b.apiServer().toString(),
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + port,
                "--cert-dir=" + certs,
                "--etcd-servers=" + etcdUrl,
                "--token-auth-file=" + dir.resolve("tokens.csv"),
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + dir.resolve("sa.pub"),
                "--service-account-signing-key-file=" + dir.resolve("sa.key"),
                "--service-cluster-ip-range=10.96.0.0/16",
                "--endpoint-reconciler-type=none",
                "--disable-admission-plugins=ServiceAccount",
                // as on OpenShift: setting blockOwnerDeletion needs update on the owner's finalizers subresource
                "--enable-admission-plugins=OwnerReferencesPermissionEnforcement",
                "--allow-privileged=true",
                "--enable-priority-and-fairness=false",
                "--profiling=false");
    }

    /**
     * For fault tests: stops kube-apiserver (SIGTERM; SIGKILL after 10 s), keeps it down for {@code downFor}, and
     * starts it again on the same port with the same etcd, certificate and tokens. Returns the time from the stop to
     * a {@code /readyz} that answers again. Clients see connection errors meanwhile, as on a real control plane.
     */
    public synchronized Duration restartApiServer(Duration downFor, Duration timeout) {
        long t0 = System.nanoTime();
        apiServer.stop(Duration.ofSeconds(10));
        pause(downFor);
        apiServer = startAgain("kube-apiserver", apiServerCommand);
        awaitReady(timeout);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * For fault tests: stops etcd (SIGTERM; SIGKILL after 10 s), keeps it down for {@code downFor}, and starts it
     * again on its data directory; kube-apiserver stays up and reconnects. Returns the time from the stop to a
     * {@code /readyz} that answers again (it checks etcd).
     */
    public synchronized Duration restartEtcd(Duration downFor, Duration timeout) {
        long t0 = System.nanoTime();
        etcd.stop(Duration.ofSeconds(10));
        pause(downFor);
        etcd = startAgain("etcd", etcdCommand);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        waitFor("etcd /health after a restart", new Deadline(timeout), etcd,
                () -> ok(plain, URI.create(etcdUrl + "/health"), null));
        awaitReady(timeout);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** The API server's Prometheus metrics ({@code /metrics}), as the admin. */
    public String scrapeMetrics() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/metrics")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            HttpResponse<String> r = tlsClient().send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET /metrics answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + "/metrics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private ManagedProcess startAgain(String name, List<String> command) {
        restarts++;
        try {
            return ManagedProcess.start(name, command, dir.resolve(name + "-" + restarts + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " again: " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient tls = tlsClient();
        waitFor("kube-apiserver /readyz after a restart", new Deadline(timeout), apiServer,
                () -> ok(tls, URI.create(url + "/readyz"), token));
    }

    private HttpClient tlsClient() {
        try {
            return HttpClient.newBuilder().sslContext(Pem.trusting(caPem)).connectTimeout(Duration.ofSeconds(2)).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the API server's certificate: " + e.getMessage(), e);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public Backend backend() {
        return Backend.APISERVER;
    }

    @Override
    public String description() {
        return binaries.description() + " at " + url + " (token auth, system:masters), ready in "
                + String.format("%.1f s", startup.toMillis() / 1000.0) + "; work dir " + dir;
    }

    /** Time from the start of etcd to an API with its system namespaces. */
    public Duration startupTime() {
        return startup;
    }

    public String url() {
        return url;
    }

    @Override
    public Config config() {
        return ClientConfigs.tokenConfig(url, caPem, token);
    }

    @Override
    public String kubeconfig() {
        return ClientConfigs.kubeconfig(url, caPem, token);
    }

    @Override
    public void close() {
        stopQuietly(apiServer, etcd);
        deleteQuietly(dir);
    }

    private static void stopQuietly(ManagedProcess... processes) {
        for (ManagedProcess p : processes) {
            if (p != null) {
                p.stop(Duration.ofSeconds(10));
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }

    private static boolean ok(HttpClient client, URI uri, String bearer) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
        if (bearer != null) {
            req.header("Authorization", "Bearer " + bearer);
        }
        try {
            return client.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + uri, e);
        }
    }

    /** Polls {@code check} until true; fails when {@code process} exits or the deadline passes. */
    private static void waitFor(String what, Deadline deadline, ManagedProcess process, Check check) {
        while (true) {
            try {
                if (check.test()) {
                    return;
                }
            } catch (IOException notYet) {
                // the file or port is not there yet
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("waiting for " + what + ", the process exited");
            }
            if (deadline.passed()) {
                throw new IllegalStateException("no " + what + " within " + deadline.total().toSeconds() + " s");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean test() throws IOException;
    }

    private record Deadline(Duration total, long end) {
        Deadline(Duration total) {
            this(total, System.nanoTime() + total.toNanos());
        }

        boolean passed() {
            return System.nanoTime() - end > 0;
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
