package io.hypershift.testing.kube;

import java.time.Duration;

/**
 * A test class's cluster, started on first use (the first test that runs, not {@code @BeforeAll}, so that skipped
 * tests start nothing) and closed by JUnit when the class is done. A start that failed fails every later test of
 * the class at once, with the same cause, instead of trying again.
 */
final class ClusterHolder implements AutoCloseable {
    private final Backend backend;
    private final String reason;
    private final KubeSettings settings;
    private final InstalledBackends installed;
    private final boolean installCrds;
    private final String owner;
    private KubeCluster cluster;
    private Duration startup = Duration.ZERO;
    private RuntimeException failure;

    ClusterHolder(Backend backend, String reason, KubeSettings settings, InstalledBackends installed,
            boolean installCrds, String owner) {
        this.backend = backend;
        this.reason = reason;
        this.settings = settings;
        this.installed = installed;
        this.installCrds = installCrds;
        this.owner = owner;
    }

    synchronized KubeCluster get() {
        if (failure != null) {
            throw new IllegalStateException("the " + backend + " backend failed to start for " + owner
                    + " (see the first failure): " + failure.getMessage(), failure);
        }
        if (cluster == null) {
            try {
                cluster = start();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return cluster;
    }

    private KubeCluster start() {
        long t0 = System.nanoTime();
        KubeCluster c = switch (backend) {
            case K3S -> K3sCluster.start(settings.k3sImage(), settings.startupTimeout());
            case APISERVER -> ApiServerCluster.start(installed.apiServerBinaries().binaries().orElseThrow(
                    () -> new IllegalStateException(installed.apiServerBinaries().whyNot())), settings.startupTimeout());
            case MOCK -> MockCluster.start();
            case KUBECONFIG -> ExternalCluster.from(settings.kubeconfig().orElseThrow());
        };
        String crds = "";
        if (installCrds) {
            long c0 = System.nanoTime();
            try (var client = c.newClient()) {
                Crds.Installed done = Crds.install(client, Crds.all(), c.has(Capability.DISCOVERY),
                        Crds.DEFAULT_TIMEOUT);
                crds = "; " + done.applied().size() + " CRDs applied"
                        + (c.has(Capability.DISCOVERY) ? " and Established" : "") + " in "
                        + seconds(System.nanoTime() - c0)
                        + (done.kept().isEmpty() ? "" : "; kept the cluster's own " + done.kept());
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
        }
        startup = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("[kube] " + owner + ": backend " + backend + " — " + c.description() + crds
                + "; capabilities " + c.capabilities() + "; chosen by " + reason + "; total "
                + seconds(System.nanoTime() - t0));
        if (!c.has(Capability.SERVER_SIDE_APPLY)) {
            System.out.println("[kube] " + owner + ": server-side apply is OFF on " + backend
                    + "; operators get SSA-off settings from KubeContext.josdk()");
        }
        return c;
    }

    /** How long the server took to start (with the CRDs, when the class installs them); zero before. */
    synchronized Duration startup() {
        return startup;
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", Duration.ofNanos(nanos).toMillis() / 1000.0);
    }

    @Override
    public synchronized void close() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
