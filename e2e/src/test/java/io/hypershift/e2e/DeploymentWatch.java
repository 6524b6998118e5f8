package io.hypershift.e2e;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every Deployment of the control-plane namespaces ({@code <prefix>*}), watched, and when each first carried what is
 * expected: the harness's clock for propagation. A Deployment's pod template is matched as JSON text.
 */
final class DeploymentWatch implements AutoCloseable {
    private final String namespacePrefix;
    private final SharedIndexInformer<Deployment> informer;
    private final Map<String, Long> reached = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile Predicate<String> expected = t -> false;

    DeploymentWatch(KubernetesClient client, String namespacePrefix) {
        this.namespacePrefix = namespacePrefix;
        // a deleted Deployment keeps the time it was reached
        this.informer = client.apps().deployments().inAnyNamespace().inform(handler(this::seen, d -> { }), 0);
    }

    /** An informer's handler: {@code seen} for each add and update, {@code deleted} for each delete. */
    static ResourceEventHandler<Deployment> handler(Consumer<Deployment> seen, Consumer<Deployment> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                seen.accept(d);
            }

            @Override
            public void onUpdate(Deployment old, Deployment d) {
                seen.accept(d);
            }

            @Override
            public void onDelete(Deployment d, boolean unknownFinalState) {
                deleted.accept(d);
            }
        };
    }

    private static String key(Deployment d) {
        return d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
    }

    private boolean ours(Deployment d) {
        return d.getMetadata().getNamespace().startsWith(namespacePrefix);
    }

    private void seen(Deployment d) {
        if (!ours(d)) {
            return;
        }
        long now = System.nanoTime();
        if (expected.test(Serialization.asJson(d.getSpec().getTemplate()))) {
            synchronized (lock) {
                reached.putIfAbsent(key(d), now);
                lock.notifyAll();
            }
        }
    }

    /**
     * From now on, records when each Deployment carries a template for which {@code template} holds; Deployments
     * that already do count as reached now. Call before making the change.
     */
    void expect(Predicate<String> template) {
        synchronized (lock) {
            reached.clear();
            expected = template;
        }
        informer.getStore().list().forEach(this::seen);
    }

    /** Waits up to {@code timeout} for {@code count} Deployments to have reached the expectation. */
    boolean awaitReached(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (reached.size() < count) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
            return true;
        }
    }

    /** When each Deployment reached the expectation, in {@link System#nanoTime()}. */
    Map<String, Long> reached() {
        return new TreeMap<>(reached);
    }

    /** The Deployments of the control-plane namespaces now. */
    int count() {
        return (int) informer.getStore().list().stream().filter(this::ours).count();
    }

    /** {@code metadata.generation} of each Deployment of the control-plane namespaces: a write that changed it. */
    Map<String, Long> generations() {
        Map<String, Long> g = new TreeMap<>();
        informer.getStore().list().stream().filter(this::ours)
                .forEach(d -> g.put(key(d), d.getMetadata().getGeneration()));
        return g;
    }

    /** The template of each Deployment, as JSON, for a failure message. */
    Map<String, String> templates() {
        Map<String, String> t = new TreeMap<>();
        informer.getStore().list().stream().filter(this::ours)
                .forEach(d -> t.put(key(d), Serialization.asJson(d.getSpec().getTemplate())));
        return t;
    }

    @Override
    public void close() {
        informer.close();
    }
}
