package io.hypershift.testing.kube;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The test run's choice of API server, from system properties (Maven passes {@code -D...} through to the tests):
 * <ul>
 *   <li>{@code e2e.backend} = {@code auto} (default) | {@code k3s} | {@code apiserver} | {@code mock} |
 *       {@code kubeconfig};</li>
 *   <li>{@code e2e.kubeconfig} = a kubeconfig FILE of the user's throwaway cluster (implies {@code kubeconfig}
 *       under {@code auto});</li>
 *   <li>{@code e2e.k3s.image} (default {@value #DEFAULT_K3S_IMAGE}), used only if present locally;</li>
 *   <li>{@code e2e.kube.binDir} (or env {@code KUBE_BIN_DIR}): the kube-apiserver and etcd binaries, else the
 *       directory {@code hack/kube-apiserver.sh --print-dir} names;</li>
 *   <li>{@code e2e.kube.provision} (default true): when the binaries of {@code hack/kube-apiserver.sh} are missing,
 *       build them on first use (once per machine, under a file lock); {@code false}: fail at once with the
 *       command that builds them;</li>
 *   <li>{@code e2e.startupTimeoutSeconds} (default 90) and {@code e2e.keepNamespaces} (default false: each test's
 *       namespace is deleted after it).</li>
 * </ul>
 */
public record KubeSettings(
        Optional<Backend> backend,
        Optional<Path> kubeconfig,
        String k3sImage,
        Optional<Path> binDir,
        boolean provision,
        Duration startupTimeout,
        boolean keepNamespaces) {

    /**
     * The node image that {@code hack/node-image.sh} builds (its {@code --print-tag}): upstream Kubernetes behind the
     * k3s container contract, since k3s itself cannot be had here. A real {@code rancher/k3s} image works too.
     */
    public static final String DEFAULT_K3S_IMAGE = "hypershift-java/kube-node:v1.34.3-r2";

    /** The settings of this JVM. */
    public static KubeSettings current() {
        return from(System.getProperties(), System.getenv());
    }

    public static KubeSettings from(Properties props, Map<String, String> env) {
        String backend = props.getProperty("e2e.backend", "auto").trim();
        Optional<Backend> chosen = backend.isEmpty() || backend.equalsIgnoreCase("auto")
                ? Optional.empty() : Optional.of(Backend.fromId(backend));
        Optional<Path> kubeconfig = nonBlank(props.getProperty("e2e.kubeconfig")).map(Path::of);
        Optional<Path> binDir = nonBlank(props.getProperty("e2e.kube.binDir"))
                .or(() -> nonBlank(env.get("KUBE_BIN_DIR"))).map(Path::of);
        boolean provision = nonBlank(props.getProperty("e2e.kube.provision")).map(Boolean::parseBoolean).orElse(true);
        long timeout = Long.parseLong(props.getProperty("e2e.startupTimeoutSeconds", "90").trim());
        return new KubeSettings(chosen, kubeconfig,
                nonBlank(props.getProperty("e2e.k3s.image")).orElse(DEFAULT_K3S_IMAGE), binDir, provision,
                Duration.ofSeconds(timeout), Boolean.parseBoolean(props.getProperty("e2e.keepNamespaces", "false")));
    }

    /** How the user asked, for messages: {@code -De2e.backend=apiserver} or {@code -De2e.backend=auto}. */
    public String requestedAs() {
        return "-De2e.backend=" + backend.map(Backend::id).orElse("auto");
    }

    private static Optional<String> nonBlank(String v) {
        return Optional.ofNullable(v).map(String::trim).filter(s -> !s.isEmpty());
    }
}
