package io.hypershift.testing.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One test's view of its {@link KubeCluster}: a namespace of its own, a client that defaults to it, the backend
 * and what it can do. Everything the context creates (clients, objects passed to {@link #deleteAfterTest}) is
 * cleaned up after the test, and so are the namespace and every {@code <namespace>-*} namespace, with all they hold
 * (finalizers dropped), even on backends where no namespace controller runs; {@code -De2e.keepNamespaces=true}
 * keeps them.
 */
public final class KubeContext {
    private final KubeCluster cluster;
    private final String namespace;
    private final KubernetesClient client;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<HasMetadata> toDelete = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final Duration clusterStartup;

    KubeContext(KubeCluster cluster, String namespace, Duration clusterStartup) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.client = cluster.newClient(namespace);
        this.clusterStartup = clusterStartup;
    }

    /**
     * How long the class's API server took to start, with the CRDs when the class installs them (for a test report;
     * {@code kubeconfig}: only connecting).
     */
    public Duration clusterStartup() {
        return clusterStartup;
    }

    /** A client whose default namespace is {@link #namespace()}; cluster-scoped kinds work too. */
    public KubernetesClient client() {
        return client;
    }

    /** This test's namespace (created before it, deleted after it). */
    public String namespace() {
        return namespace;
    }

    public Backend backend() {
        return cluster.backend();
    }

    /** {@code k3s}, {@code apiserver}, {@code mock} or {@code kubeconfig}. */
    public String backendName() {
        return cluster.backend().id();
    }

    public KubeCluster cluster() {
        return cluster;
    }

    public boolean has(Capability capability) {
        return cluster.has(capability);
    }

    /** False on the mock: it answers server-side apply with 415/404. */
    public boolean supportsServerSideApply() {
        return has(Capability.SERVER_SIDE_APPLY);
    }

    /** Another client (cluster-wide), closed after the test: e.g. one per operator instance. */
    public KubernetesClient newClient() {
        KubernetesClient c = cluster.newClient();
        closeables.add(c);
        return c;
    }

    /** A name unique to this test, for cluster-scoped objects: {@code prefix-<namespace suffix>}. */
    public String uniqueName(String prefix) {
        return prefix + "-" + namespace.substring(namespace.lastIndexOf('-') + 1);
    }

    /** Deletes {@code resource} (cluster-scoped ones especially) after the test; missing is fine. */
    public <T extends HasMetadata> T deleteAfterTest(T resource) {
        toDelete.add(resource);
        return resource;
    }

    /**
     * The cluster's kubeconfig written to a file only the owner reads, deleted after the test: for a process or a
     * container ({@code --network host}) that needs the API.
     */
    public Path kubeconfigFile() {
        try {
            Path f = Files.createTempFile("kubeconfig-", ".yaml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(f, cluster.kubeconfig(), StandardCharsets.UTF_8);
            files.add(f);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * java-operator-sdk settings for this backend, for {@code new Operator(kube.josdk())}: a client of its own
     * (closed after the test, not by the operator), and on a backend without server-side apply (the mock) SSA OFF
     * for the primary resource's finalizer/status patches and for dependent resources. Prints which it chose.
     */
    public Consumer<ConfigurationServiceOverrider> josdk() {
        KubernetesClient operatorClient = newClient();
        boolean ssa = supportsServerSideApply();
        System.out.println("[kube] JOSDK on " + backendName() + ": server-side apply " + (ssa ? "ON (defaults)"
                : "OFF (useSSAToPatchPrimaryResource=false, ssaBasedCreateUpdateMatchForDependentResources=false)"));
        return o -> {
            o.withKubernetesClient(operatorClient).withCloseClientOnStop(false);
            if (!ssa) {
                o.withUseSSAToPatchPrimaryResource(false).withSSABasedCreateUpdateMatchForDependentResources(false);
            }
        };
    }

    /** Cleans up; problems are collected, not thrown, so that every step runs. */
    List<String> close(boolean deleteNamespace) {
        List<String> problems = new ArrayList<>();
        for (int i = toDelete.size() - 1; i >= 0; i--) {
            HasMetadata r = toDelete.get(i);
            try {
                client.resource(r).delete();
            } catch (RuntimeException e) {
                problems.add("delete " + r.getKind() + " " + r.getMetadata().getName() + ": " + e.getMessage());
            }
        }
        if (deleteNamespace) {
            try {
                problems.addAll(NamespaceReaper.reap(client, cluster, namespace));
            } catch (RuntimeException e) {
                problems.add("delete namespace " + namespace + ": " + e.getMessage());
            }
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                problems.add("close: " + e.getMessage());
            }
        }
        client.close();
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                problems.add("delete " + f + ": " + e.getMessage());
            }
        }
        return problems;
    }
}
