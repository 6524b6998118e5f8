package io.hypershift.testing.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Optional;
import java.util.Set;

/** A running Kubernetes API for tests: one per test class, shared by its tests, each in its own namespace. */
public interface KubeCluster extends AutoCloseable {

    Backend backend();

    /** One line: what runs, where, which versions. No secret. */
    String description();

    /** The client config (cluster-wide: no namespace set). */
    Config config();

    /**
     * A kubeconfig (YAML) for processes and containers that talk to this API ({@code --network host} reaches a
     * loopback server). It holds a credential: write it to a file only its owner reads, never log it.
     */
    String kubeconfig();

    default Set<Capability> capabilities() {
        return backend().capabilities();
    }

    default boolean has(Capability capability) {
        return capabilities().contains(capability);
    }

    /** The node, where the backend gives tests a way onto it ({@link Capability#NODE_SHELL}). */
    default Optional<NodeShell> node() {
        return Optional.empty();
    }

    /** A new client; the caller closes it. */
    default KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    /** A new client whose default namespace is {@code namespace}; the caller closes it. */
    default KubernetesClient newClient(String namespace) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(config()).withNamespace(namespace).build()).build();
    }

    /** Stops the API server (and its etcd or container). Idempotent. */
    @Override
    void close();
}
