package io.hypershift.testing.kube;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The user's own throwaway cluster, from {@code -De2e.kubeconfig=FILE} (its current context). Tests create a
 * namespace each and delete it afterwards; the CRDs they install stay.
 */
public final class ExternalCluster implements KubeCluster {
    private final Path file;
    private final String kubeconfig;
    private final Config config;
    private final Set<Capability> capabilities;

    private ExternalCluster(Path file, String kubeconfig, Config config) {
        this.file = file;
        this.kubeconfig = kubeconfig;
        this.config = config;
        this.capabilities = EnumSet.allOf(Capability.class);
        if (!controllersRun()) {
            capabilities.remove(Capability.CONTROLLERS);
        }
    }

    public static ExternalCluster from(Path file) {
        try {
            String yaml = Files.readString(file);
            return new ExternalCluster(file, yaml, Config.fromKubeconfig(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read -De2e.kubeconfig=" + file, e);
        }
    }

    /** Whether {@code file} is a kubeconfig with a current context. */
    static Availability check(Path file) {
        if (!Files.isReadable(file)) {
            return Availability.no(file + " is not a readable file");
        }
        try {
            Config c = Config.fromKubeconfig(file.toFile());
            return c.getMasterUrl() == null ? Availability.no(file + " names no server")
                    : Availability.yes("kubeconfig " + file + " → " + c.getMasterUrl());
        } catch (RuntimeException e) {
            return Availability.no(file + " is not a usable kubeconfig: " + e.getMessage());
        }
    }

    /** A controller-manager holds its leader Lease in kube-system (kubeadm, k3s, OpenShift alike). */
    private boolean controllersRun() {
        try (KubernetesClient c = newClient()) {
            return c.leases().inNamespace("kube-system").withName("kube-controller-manager").get() != null;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Override
    public Backend backend() {
        return Backend.KUBECONFIG;
    }

    /** All, except {@link Capability#CONTROLLERS} when no controller-manager holds its Lease (a bare API server). */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.copyOf(capabilities);
    }

    @Override
    public String description() {
        return "the cluster of " + file + " at " + config.getMasterUrl()
                + (config.getCurrentContext() == null ? "" : " (context " + config.getCurrentContext().getName() + ")");
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public String kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void close() {
        // the user's cluster keeps running
    }
}
