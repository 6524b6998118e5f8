package io.hypershift.testing.kube;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user's own throwaway cluster, from {@code -De2e.kubeconfig=FILE} (its current context). Tests create a
 * namespace each and delete it afterwards; the CRDs they install stay.
 */
public final class ExternalCluster implements KubeCluster {
    private final Path file;
    private final String kubeconfig;
    private final Config config;

    private ExternalCluster(Path file, String kubeconfig, Config config) {
        this.file = file;
        this.kubeconfig = kubeconfig;
        this.config = config;
    }

    public static ExternalCluster from(Path file) {
        try {
            String yaml = Files.readString(file);
            return new ExternalCluster(file, yaml, Config.fromKubeconfig(null, yaml, file.toString()));
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
            Config c = Config.fromKubeconfig(null, Files.readString(file), file.toString());
            return c.getMasterUrl() == null ? Availability.no(file + " names no server")
                    : Availability.yes("kubeconfig " + file + " → " + c.getMasterUrl());
        } catch (IOException | RuntimeException e) {
            return Availability.no(file + " is not a usable kubeconfig: " + e.getMessage());
        }
    }

    @Override
    public Backend backend() {
        return Backend.KUBECONFIG;
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
