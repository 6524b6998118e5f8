package io.hypershift.testing.kube;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.testcontainers.containers.BindMode;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A one-node cluster in a container started by testcontainers' {@link K3sContainer}, from an image that is already
 * present locally (nothing is pulled): by default the node image of {@code hack/node-image.sh}, which is upstream
 * Kubernetes (kube-apiserver, controller-manager, scheduler, kubelet, kube-proxy, containerd, CoreDNS) behind the k3s
 * container contract, not k3s; a real {@code rancher/k3s} image works the same way.
 */
public final class K3sCluster implements KubeCluster {
    private final K3sContainer container;
    private final String image;
    private final String kubeconfig;
    private final Duration startup;

    private K3sCluster(K3sContainer container, String image, Duration startup) {
        this.container = container;
        this.image = image;
        this.kubeconfig = container.getKubeConfigYaml();
        this.startup = startup;
    }

    public static K3sCluster start(String image, Duration timeout) {
        long t0 = System.nanoTime();
        K3sContainer c = new K3sContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s"));
        c.withStartupTimeout(timeout);
        try {
            // the machine-wide lock around the host sysctls the kubelet changes (hack/node/node-lib.sh)
            Files.createDirectories(HOST_LOCK_DIR);
            c.withFileSystemBind(HOST_LOCK_DIR.toString(), HOST_LOCK_DIR.toString(), BindMode.READ_WRITE);
        } catch (IOException e) {
            System.out.println("[kube] no " + HOST_LOCK_DIR + " (" + e.getMessage() + "): the node saves and restores the"
                    + " host sysctls without the machine-wide lock");
        }
        try {
            c.start();
        } catch (RuntimeException e) {
            c.stop();
            throw new IllegalStateException("k3s (" + image + ") did not start: " + e.getMessage(), e);
        }
        return new K3sCluster(c, image, Duration.ofNanos(System.nanoTime() - t0));
    }

    @Override
    public Backend backend() {
        return Backend.K3S;
    }

    @Override
    public String description() {
        return (image.startsWith("rancher/k3s") ? "k3s " : "upstream Kubernetes node image (k3s container contract) ")
                + image + " in container " + container.getContainerId().substring(0, 12) + ", ready in "
                + String.format("%.1f s", startup.toMillis() / 1000.0);
    }

    @Override
    public Config config() {
        return Config.fromKubeconfig(kubeconfig);
    }

    @Override
    public String kubeconfig() {
        return kubeconfig;
    }

    /** Shared by every node on the machine: the lock around the host sysctls the kubelet changes. */
    static final Path HOST_LOCK_DIR = Path.of("/run/lock/hypershift-java-node");

    /** Where the node image's containerd reads {@code hosts.toml} files (hack/node/containerd-config.toml). */
    static final String NODE_IMAGE_REGISTRY_CONFIG = "/var/lib/hypershift-java-node/containerd/certs.d";

    @Override
    public Optional<NodeShell> node() {
        return Optional.of(new NodeShell() {
            @Override
            public String hostAddress() {
                var settings = container.getContainerInfo().getNetworkSettings();
                if (settings.getGateway() != null && !settings.getGateway().isBlank()) {
                    return settings.getGateway();
                }
                return settings.getNetworks().values().stream().map(n -> n.getGateway())
                        .filter(g -> g != null && !g.isBlank()).findFirst()
                        .orElseThrow(() -> new IllegalStateException("the node container has no gateway address"));
            }

            @Override
            public String registryConfigDir() {
                return NODE_IMAGE_REGISTRY_CONFIG;
            }

            @Override
            public Result exec(Duration timeout, List<String> command) {
                List<String> bounded = new ArrayList<>(List.of("timeout", "--kill-after=5",
                        Long.toString(Math.max(1, timeout.toSeconds()))));
                bounded.addAll(command);
                try {
                    var r = container.execInContainer(bounded.toArray(String[]::new));
                    return new Result(r.getExitCode(), r.getStdout(), r.getStderr());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted running " + command + " on the node", e);
                }
            }

            @Override
            public void write(String path, byte[] content, int mode) {
                container.copyFileToContainer(Transferable.of(content, mode), path);
            }
        });
    }

    @Override
    public void close() {
        String node = "hypershift-java-node-" + container.getContainerId().substring(0, 12);
        container.stop();
        removeEmptyCgroups(Path.of("/sys/fs/cgroup"), node);
    }

    /**
     * The node's kubelet makes a cgroup root named after the container's host name in every cgroup v1 hierarchy,
     * and on this machine's Docker it lands on the host's top level, where it outlives the container: remove those
     * directories once they are empty (rmdir fails on a cgroup that still has tasks, which are then left alone).
     */
    static void removeEmptyCgroups(Path cgroupRoot, String name) {
        try (Stream<Path> hierarchies = Files.list(cgroupRoot)) {
            for (Path dir : hierarchies.map(h -> h.resolve(name)).filter(Files::isDirectory).toList()) {
                try (Stream<Path> tree = Files.walk(dir)) {
                    tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(d -> {
                        try {
                            Files.delete(d);
                        } catch (IOException notEmptyOrGone) {
                            // a cgroup with tasks cannot go; one already gone needs nothing
                        }
                    });
                }
            }
        } catch (IOException | UncheckedIOException e) {
            System.out.println("[kube] cannot remove the node's cgroups " + name + ": " + e.getMessage());
        }
    }
}
