package io.hypershift.testing.kube;

import io.hypershift.testing.docker.DockerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;

/**
 * What this machine has, probed once per JVM and remembered: Docker and the k3s image (no pull is ever tried),
 * the kube-apiserver binaries (built on first use unless {@code -De2e.kube.provision=false}), a kubeconfig file.
 */
final class InstalledBackends implements BackendSelector.Probe {
    private final KubeSettings settings;
    private final Map<String, Availability> k3s = new ConcurrentHashMap<>();
    private volatile ApiServerBinaries.Result binaries;

    InstalledBackends(KubeSettings settings) {
        this.settings = settings;
    }

    @Override
    public Availability k3s(String image) {
        return k3s.computeIfAbsent(image, this::probeK3s);
    }

    @Override
    public Availability apiserver() {
        ApiServerBinaries.Result r = apiServerBinaries();
        return r.binaries().map(b -> Availability.yes(b.description())).orElseGet(() -> Availability.no(r.whyNot()));
    }

    @Override
    public Availability kubeconfig(Path file) {
        return ExternalCluster.check(file);
    }

    ApiServerBinaries.Result apiServerBinaries() {
        ApiServerBinaries.Result r = binaries;
        if (r == null) {
            synchronized (this) {
                if (binaries == null) {
                    binaries = ApiServerBinaries.locateOrBuild(settings);
                }
                r = binaries;
            }
        }
        return r;
    }

    /**
     * Whether Docker answers, can run a privileged container, and has {@code image} locally. The default node image
     * is built on first use with {@code hack/node-image.sh} (once per machine, under a file lock) unless
     * {@code -De2e.kube.provision=false}; any other image must be loaded by the user.
     */
    private Availability probeK3s(String image) {
        Optional<String> docker = dockerAnswers();
        if (docker.isPresent()) {
            return Availability.no(docker.get());
        }
        String runtime = defaultRuntime();
        if (!PRIVILEGED_RUNTIME.equals(runtime)) {
            return Availability.no("the Docker engine's default runtime is " + runtime + ", not " + PRIVILEGED_RUNTIME
                    + ": a privileged container fails on a machine without CAP_SYS_RESOURCE; restart the engine with"
                    + " hack/dockerd.sh");
        }
        if (imagePresent(image)) {
            return Availability.yes("image " + image + " present locally");
        }
        Optional<Path> script = ApiServerBinaries.hackScript("node-image.sh");
        if (!image.equals(KubeSettings.DEFAULT_K3S_IMAGE) || !settings.provision() || script.isEmpty()) {
            return Availability.no("image " + image + " is not present locally (nothing is pulled; build the node image"
                    + " with hack/node-image.sh, or docker load another and set -De2e.k3s.image)");
        }
        Optional<String> failed = new BinaryProvisioner("kube-node-image", script.get(), cacheRoot(),
                "the Kubernetes node binaries and CoreDNS from Go modules and a Debian root file system:"
                        + " 15-20 min on 2 cores after kube-apiserver", Duration.ofMinutes(60))
                .provision(() -> imagePresent(image));
        return failed.isEmpty() ? Availability.yes("image " + image + " built by hack/node-image.sh")
                : Availability.no("building the node image failed: " + failed.get());
    }

    private static boolean imagePresent(String image) {
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Where the hack/ scripts cache what they build ({@code KUBE_BIN_CACHE}, as they read it). */
    private static Path cacheRoot() {
        String env = System.getenv("KUBE_BIN_CACHE");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "hypershift-java", "kube");
    }

    /** The engine's default OCI runtime ({@code docker info}), or why it is unknown. */
    private static String defaultRuntime() {
        StringBuilder why = new StringBuilder();
        Optional<DockerCli> cli = DockerCli.connect(why);
        if (cli.isEmpty()) {
            return "unknown (" + why + ")";
        }
        try {
            DockerCli.Result r = cli.get().run(Duration.ofSeconds(10), "info", "--format", "{{.DefaultRuntime}}");
            return r.ok() ? r.stdout().strip() : "unknown (docker info: " + r.stderr().strip() + ")";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The runc wrapper that {@code hack/dockerd.sh} makes the engine's default (see hack/node/runc-nosysres). */
    static final String PRIVILEGED_RUNTIME = "hypershift-runc";

    /** Empty when Docker answers, else why not. Skips testcontainers' slow, noisy search when there is no socket. */
    static Optional<String> dockerAnswers() {
        String host = System.getenv("DOCKER_HOST");
        if ((host == null || host.startsWith("unix://"))
                && !Files.exists(Path.of(host == null ? "/var/run/docker.sock" : host.substring("unix://".length())))) {
            return Optional.of("no Docker engine (no socket " + (host == null ? "/var/run/docker.sock" : host) + ")");
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable() ? Optional.empty()
                    : Optional.of("Docker does not answer");
        } catch (RuntimeException e) {
            return Optional.of("Docker does not answer: " + e.getMessage());
        }
    }
}
