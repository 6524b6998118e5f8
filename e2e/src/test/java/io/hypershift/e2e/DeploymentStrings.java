package io.hypershift.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hypershift.api.ControlPlaneContract;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches the {@code control-plane-operator} and {@code ignition-server} Deployments of one control-plane namespace
 * (an informer, so that the moment a Deployment changes is known to the event, not to a poll) and tells when both
 * carry given §7 strings, and how long after a write that took.
 */
final class DeploymentStrings implements AutoCloseable {
    private final String namespace;
    private final SharedIndexInformer<Deployment> informer;
    private final Map<String, Deployment> latest = new HashMap<>();
    private ExpectedStrings.Strings armed;
    private long matchedAt;

    DeploymentStrings(KubernetesClient client, String namespace) {
        this.namespace = namespace;
        this.informer = client.apps().deployments().inNamespace(namespace).inform(DeploymentWatch.handler(this::seen,
                d -> {
                    synchronized (DeploymentStrings.this) {
                        latest.remove(d.getMetadata().getName());
                    }
                }), 0);
    }

    private synchronized void seen(Deployment d) {
        latest.put(d.getMetadata().getName(), d);
        if (armed != null && matchedAt == 0 && armed.equals(current())) {
            matchedAt = System.nanoTime();
            notifyAll();
        }
    }

    /** What both Deployments carry now (fields are null while a Deployment is missing). */
    synchronized ExpectedStrings.Strings current() {
        Container cpo = main(latest.get(ControlPlaneContract.CONTROL_PLANE_OPERATOR));
        Container ign = main(latest.get(ControlPlaneContract.IGNITION_SERVER));
        String cpoArg = cpo == null ? null : cpo.getArgs().stream()
                .filter(a -> a.startsWith(ControlPlaneContract.FLAG_REGISTRY_OVERRIDES + "=")).findFirst().orElse(null);
        String env = env(cpo);
        String ignEnv = env(ign);
        String ignArg = null;
        if (ign != null) {
            List<String> args = ign.getArgs();
            int i = args.indexOf(ControlPlaneContract.FLAG_REGISTRY_OVERRIDES);
            ignArg = i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
        }
        // both Deployments must carry the same env value; a disagreement never matches
        return new ExpectedStrings.Strings(cpoArg, env != null && env.equals(ignEnv) ? env : env + " | " + ignEnv, ignArg);
    }

    /**
     * Runs {@code write} (an API call) and waits until both Deployments carry {@code expected}.
     *
     * @return from just before the write to the watch event that completed the match
     * @throws AssertionError after {@code timeout}, showing what the Deployments carry
     */
    Duration measure(ExpectedStrings.Strings expected, Runnable write, Duration timeout) throws InterruptedException {
        synchronized (this) {
            armed = expected;
            matchedAt = 0;
            if (expected.equals(current())) {
                throw new IllegalStateException("the Deployments already carry " + expected + ": nothing to measure");
            }
        }
        long t0 = System.nanoTime();
        write.run();
        return awaitMatch(expected, t0, timeout);
    }

    /** Waits until both Deployments carry {@code expected} (now or later); returns how long the wait took. */
    Duration await(ExpectedStrings.Strings expected, Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        synchronized (this) {
            armed = expected;
            matchedAt = expected.equals(current()) ? t0 : 0;
        }
        return awaitMatch(expected, t0, timeout);
    }

    private synchronized Duration awaitMatch(ExpectedStrings.Strings expected, long t0, Duration timeout)
            throws InterruptedException {
        long deadline = t0 + timeout.toNanos();
        while (matchedAt == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("after " + timeout.toSeconds() + " s the Deployments in " + namespace
                        + " carry\n  " + current() + "\nnot\n  " + expected);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        armed = null;
        return Duration.ofNanos(matchedAt - t0);
    }

    /** The latest state of a Deployment seen by the watch, or null. */
    synchronized Deployment get(String name) {
        return latest.get(name);
    }

    static Container main(Deployment d) {
        return d == null ? null : d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String env(Container c) {
        return env(c, ControlPlaneContract.ENV_IMG_OVERRIDES);
    }

    /** The value of env {@code name} of a container, or {@code null}. */
    static String env(Container c, String name) {
        if (c == null || c.getEnv() == null) {
            return null;
        }
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    @Override
    public void close() {
        informer.close();
    }
}
