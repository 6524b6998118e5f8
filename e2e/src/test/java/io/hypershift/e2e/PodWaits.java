package io.hypershift.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Waits on Deployments and Pods of a cluster where Pods run, each bounded in time; a wait that times out says what
 * the Pods were doing (phase, waiting reasons, the namespace's recent warnings), which is what a person would look at.
 */
final class PodWaits {
    private static final Duration POLL = Duration.ofSeconds(1);

    private PodWaits() {}

    /** The Pods labelled {@code app=<app>} in {@code namespace}, terminating ones included. */
    static List<Pod> of(KubernetesClient client, String namespace, String app) {
        return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
    }

    /** Waits until the Deployment is Available with every replica updated and ready; returns it then. */
    static Deployment awaitAvailable(KubernetesClient client, String namespace, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (d != null && available(d)) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Deployment " + namespace + "/" + name + " not Available after "
                        + timeout.toSeconds() + " s: " + describe(client, namespace, name, d));
            }
            sleep();
        }
    }

    /**
     * Waits until the Pods of {@code app} are exactly the Deployment's replicas, each satisfying {@code isNew} and
     * Ready, with no old Pod left (not even terminating).
     */
    static void awaitRolledOut(KubernetesClient client, String namespace, String app, Predicate<Pod> isNew,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Deployment d = client.apps().deployments().inNamespace(namespace).withName(app).get();
            List<Pod> pods = of(client, namespace, app);
            if (d != null && available(d) && pods.size() == d.getSpec().getReplicas()
                    && pods.stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() == null && isNew.test(p) && ready(p))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Deployment " + namespace + "/" + app + " not rolled out after "
                        + timeout.toSeconds() + " s: " + describe(client, namespace, app, d));
            }
            sleep();
        }
    }

    /** Runs {@code assertion} once a second for {@code period}; the first failure fails, naming {@code what}. */
    static void assertStays(String what, Duration period, Runnable assertion) {
        long end = System.nanoTime() + period.toNanos();
        do {
            try {
                assertion.run();
            } catch (AssertionError e) {
                throw new AssertionError(what + ": " + e.getMessage(), e);
            }
            sleep();
        } while (System.nanoTime() < end);
    }

    static boolean available(Deployment d) {
        DeploymentStatus s = d.getStatus();
        if (s == null || s.getConditions() == null) {
            return false;
        }
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return s.getConditions().stream().anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()))
                && s.getObservedGeneration() != null && s.getObservedGeneration() >= d.getMetadata().getGeneration()
                && Objects.equals(s.getUpdatedReplicas(), replicas) && Objects.equals(s.getReadyReplicas(), replicas)
                && Objects.equals(s.getAvailableReplicas(), replicas);
    }

    static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The value of env {@code name} of the Deployment's first container, or {@code null}. */
    static String env(Deployment d, String name) {
        return DeploymentStrings.env(DeploymentStrings.main(d), name);
    }

    /** The value of env {@code name} of the Pod's first container, or {@code null}. */
    static String env(Pod p, String name) {
        return DeploymentStrings.env(p.getSpec().getContainers().get(0), name);
    }

    /** The image IDs the node reports for the Pod's containers and init containers (the pulled repository@digest). */
    static List<String> imageIds(Pod p) {
        if (p.getStatus() == null) {
            return List.of();
        }
        return Stream.concat(statuses(p.getStatus().getInitContainerStatuses()), statuses(p.getStatus().getContainerStatuses()))
                .map(ContainerStatus::getImageID).filter(id -> id != null && !id.isEmpty()).toList();
    }

    private static Stream<ContainerStatus> statuses(List<ContainerStatus> l) {
        return l == null ? Stream.empty() : l.stream();
    }

    /** The Deployment's status, each Pod's phase and waiting or terminated reasons, the namespace's last warnings. */
    static String describe(KubernetesClient client, String namespace, String app, Deployment d) {
        List<String> out = new ArrayList<>();
        out.add(d == null ? "no Deployment" : "status " + (d.getStatus() == null ? "none" : d.getStatus().getConditions()));
        for (Pod p : of(client, namespace, app)) {
            StringBuilder line = new StringBuilder("pod " + p.getMetadata().getName() + " "
                    + (p.getStatus() == null ? "?" : p.getStatus().getPhase()));
            if (p.getStatus() != null) {
                Stream.concat(statuses(p.getStatus().getInitContainerStatuses()), statuses(p.getStatus().getContainerStatuses()))
                        .forEach(c -> {
                            line.append("; ").append(c.getName()).append(c.getReady() ? " ready" : " not ready");
                            if (c.getState() != null && c.getState().getWaiting() != null) {
                                line.append(" waiting ").append(c.getState().getWaiting().getReason()).append(": ")
                                        .append(c.getState().getWaiting().getMessage());
                            }
                            if (c.getLastState() != null && c.getLastState().getTerminated() != null) {
                                line.append(" last exit ").append(c.getLastState().getTerminated().getExitCode())
                                        .append(" ").append(c.getLastState().getTerminated().getReason());
                            }
                        });
            }
            out.add(line.toString());
        }
        List<Event> warnings = client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()))
                .sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp()))).toList();
        warnings.subList(Math.max(0, warnings.size() - 8), warnings.size()).forEach(e -> out.add("warning "
                + e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName() + " " + e.getReason() + ": "
                + e.getMessage()));
        return String.join("\n  ", out).replaceAll("[\\p{Cntrl}&&[^\n]]", "?");
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
