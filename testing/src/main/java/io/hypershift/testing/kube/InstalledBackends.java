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
        return k3s.computeIfAbsent(image, InstalledBackends::probeK3s);
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

    /** Whether Docker answers, has {@code image} locally, and can run it privileged. */
    static Availability probeK3s(String image) {
        Optional<String> docker = dockerAnswers();
        if (docker.isPresent()) {
            return Availability.no(docker.get());
        }
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(image).exec();
        } catch (RuntimeException e) {
            return Availability.no("image " + image + " is not present locally (nothing is pulled; build it with "
                    + "hack/node-image.sh, or docker load another and set -De2e.k3s.image): "
                    + e.getClass().getSimpleName());
        }
        String runtime = defaultRuntime();
        if (!PRIVILEGED_RUNTIME.equals(runtime)) {
            return Availability.no("image " + image + " is present, but the Docker engine's default runtime is "
                    + runtime + ", not " + PRIVILEGED_RUNTIME + ": a privileged container fails on a machine without"
                    + " CAP_SYS_RESOURCE; restart the engine with hack/dockerd.sh");
        }
        return Availability.yes("image " + image + " present locally");
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
