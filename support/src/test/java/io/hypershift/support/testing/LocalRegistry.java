package io.hypershift.support.testing;

import io.hypershift.support.registry.DockerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OCI registry for a test class: Debian's {@code docker-registry} (distribution v2) on a free 127.0.0.1 port,
 * with its own storage, optionally TLS (a CA made once per test class, shared by every TLS registry of the class;
 * server certificate for {@code DNS:localhost, IP:127.0.0.1}) and bcrypt htpasswd auth. The files are written by
 * {@code hack/local-registry.sh config}, the same script developers use; this class runs the process itself so it can
 * stop it mid-test and never leaves it behind.
 *
 * <pre>{@code
 * @RegisterExtension static final LocalRegistry source = LocalRegistry.named("source").tls().auth("alice", "s3cret");
 * @RegisterExtension static final LocalRegistry mirror = LocalRegistry.named("mirror").tls();
 *
 * ReleaseFixture.Release release = ReleaseFixture.builder().components(3).pushTo(source);
 * source.stop();                      // the source goes away; mirror.hostPort(), mirror.caFile() ...
 * assertThat(source.requests()).isEmpty();
 * }</pre>
 * State lives in {@code target/local-registry/<TestClass>/<name>/} (config, storage, {@code registry.log}).
 */
public final class LocalRegistry implements BeforeAllCallback, AfterAllCallback {
    private static final Pattern ACCESS = Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" (\\d{3}) ");
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    /** Class directories emptied by this JVM: each test class starts from fresh storage and a fresh CA. */
    private static final Set<Path> WIPED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    /** One request the registry logged. */
    public record Request(String method, String path, int status) {}

    private final String name;
    private boolean tls;
    private boolean tokenAuth;
    private TokenAuthServer tokenServer;
    private int tokenPort;
    private Map<String, String> settings = Map.of();
    private String user;
    private String password;
    private Path dir;
    private Path caFile;
    private Path certDir;
    private int port;
    private String address = "127.0.0.1";
    private Process process;
    private int logMark;

    private LocalRegistry(String name) {
        this.name = name;
    }

    /** A registry called {@code name} (its directory and its log say so). */
    public static LocalRegistry named(String name) {
        return new LocalRegistry(name);
    }

    /**
     * Listen on {@code ip} instead of 127.0.0.1 (the certificate names both): the host side of a network that a
     * node's container runtime pulls over, such as the Docker bridge of a node container.
     */
    public LocalRegistry address(String ip) {
        this.address = ip;
        return this;
    }

    /** Serve HTTPS with a certificate from the test class's CA. */
    public LocalRegistry tls() {
        this.tls = true;
        return this;
    }

    /** Require basic auth (bcrypt htpasswd) for {@code user}. */
    public LocalRegistry auth(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    /**
     * Bearer-token auth (implies {@link #tls()}; needs {@link #auth}): the registry sends clients to a token service
     * on another 127.0.0.1 port that checks the user's password and issues JWTs signed by the class's CA.
     */
    public LocalRegistry tokenAuth() {
        this.tls = true;
        this.tokenAuth = true;
        return this;
    }

    /** Token requests the token service answered (empty without {@link #tokenAuth()}): scopes and whether granted. */
    public List<String> tokenRequests() {
        return tokenServer == null ? List.of() : tokenServer.requests().stream()
                .map(r -> (r.granted() ? "granted " : "refused ") + String.join(" ", r.scopes())).toList();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path base = Path.of("target", "local-registry", context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
        start(base);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Configures and starts the registry under {@code base} (for use outside JUnit, e.g. benchmarks). */
    public synchronized LocalRegistry start(Path base) throws IOException {
        if (WIPED.add(base)) {
            deleteTree(base);
        }
        this.dir = base.resolve(name);
        deleteTree(dir);
        Path caDir = base.resolve("ca");
        Files.createDirectories(dir);
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            configure(caDir);
            try {
                launch();
                // every test output says which real parts it used
                System.err.println("LocalRegistry: " + this + " (Debian docker-registry, distribution v2; state " + dir + ")");
                return this;
            } catch (IllegalStateException e) {
                stop();
                last = e; // most likely the port was taken between probing and binding; try another
            }
        }
        throw last;
    }

    private void configure(Path caDir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", RepoRoot.script("local-registry.sh").toString(), "config",
                name, String.valueOf(port), "--dir", dir.toString(), "--ca-dir", caDir.toString(), "--address", address));
        if (tls) {
            cmd.add("--tls");
        }
        if (tokenAuth) {
            if (user == null) {
                throw new IllegalStateException(name + ": tokenAuth() needs auth(user, password)");
            }
            tokenPort = freePort();
            cmd.addAll(List.of("--token-realm", "https://127.0.0.1:" + tokenPort + "/token"));
        }
        Path authFile = null;
        if (user != null && !tokenAuth) {
            authFile = dir.resolve("auth.secret");
            Files.writeString(authFile, user + ":" + password);
            Files.setPosixFilePermissions(authFile, PosixFilePermissions.fromString("rw-------"));
            cmd.addAll(List.of("--auth-file", authFile.toString()));
        }
        Map<String, String> out = parse(Processes.run(cmd, Duration.ofSeconds(30)));
        settings = out;
        if (authFile != null) {
            Files.deleteIfExists(authFile);
        }
        caFile = out.containsKey("ca") ? Path.of(out.get("ca")) : null;
        certDir = out.containsKey("certdir") ? Path.of(out.get("certdir")) : null;
    }

    private static Map<String, String> parse(String keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        keyValues.lines().forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                m.put(l.substring(0, eq), l.substring(eq + 1));
            }
        });
        return m;
    }

    private void launch() throws IOException {
        if (tokenAuth && tokenServer == null) {
            try {
                tokenServer = new TokenAuthServer(tokenPort, dir.resolve("tls/server.crt"), dir.resolve("tls/server.key"),
                        Path.of(settings.get("token_cert")), Path.of(settings.get("token_key")),
                        settings.get("token_service"), settings.get("token_issuer"), user, password);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(name + ": token service: " + e.getMessage(), e);
            }
        }
        Path log = logFile();
        process = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        RUNNING.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                RUNNING.remove(process);
                throw new IllegalStateException(name + ": docker-registry exited at start-up: " + tail(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        stop();
        throw new IllegalStateException(name + ": not listening on " + hostPort() + " after 10 s: " + tail(log));
    }

    /** Stops the registry (idempotent). Its storage and log stay, and {@link #restart()} brings it back. */
    public synchronized void stop() {
        if (tokenServer != null) {
            tokenServer.stop();
            tokenServer = null;
        }
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        // SIGKILL: docker-registry takes ~1.5 s to exit on SIGTERM, and an abrupt stop is the outage tests want
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(p);
    }

    /** Starts a stopped registry again, on the same port with the same storage. */
    public synchronized void restart() throws IOException {
        if (process == null) {
            launch();
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code 127.0.0.1:PORT} (or the {@link #address(String)} given), the registry part of pull specs. */
    public String hostPort() {
        return address + ":" + port;
    }

    public int port() {
        return port;
    }

    public boolean isTls() {
        return tls;
    }

    /** The PEM CA that signed the server certificate (shared by the TLS registries of a test class), or null. */
    public Path caFile() {
        return caFile;
    }

    /** A directory holding only the CA, for skopeo's {@code --src-cert-dir}/{@code --dest-cert-dir}; or null. */
    public Path certDir() {
        return certDir;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A pull secret with this registry's credentials (empty without auth). */
    public DockerConfig pullSecret() {
        return DockerConfig.parse(authJson().getBytes(StandardCharsets.UTF_8), "LocalRegistry " + name);
    }

    /** A docker config.json with this registry's credentials, written in its directory (for skopeo --authfile). */
    public Path authFile() throws IOException {
        Path f = dir.resolve("auth.json");
        Files.writeString(f, authJson());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    /** {@code {"auths": {host: {"auth": …}}}}, or {@code {"auths": {}}} without auth. */
    public String authJson() {
        if (user == null) {
            return "{\"auths\": {}}";
        }
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return "{\"auths\": {\"" + hostPort() + "\": {\"auth\": \"" + auth + "\"}}}";
    }

    /** The registry's state directory; {@code storage/} holds the blobs. */
    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return dir.resolve("registry.log");
    }

    /** Everything the registry logged (application log and access log). */
    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets the requests logged so far: {@link #requests()} then lists only later ones. */
    public void markLog() {
        logMark = log().length();
    }

    /** The requests in the access log since the last {@link #markLog()}. */
    public List<Request> requests() {
        String log = log();
        Matcher m = ACCESS.matcher(log.substring(Math.min(logMark, log.length())));
        List<Request> out = new ArrayList<>();
        while (m.find()) {
            out.add(new Request(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
        }
        return out;
    }

    public long countRequests(Predicate<Request> which) {
        return requests().stream().filter(which).count();
    }

    /** Path of a blob in the filesystem storage (to corrupt it on purpose). */
    public Path blobData(String digest) {
        String hex = digest.substring("sha256:".length());
        return dir.resolve("storage/docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "LocalRegistry[" + name + " " + (tls ? "https" : "http") + "://" + hostPort()
                + (tokenAuth ? " bearer-token auth" : user != null ? " htpasswd auth" : "") + "]";
    }
}
