package io.hypershift.operator.controllers.hostedcluster;

import io.hypershift.testing.kube.Capability;
import io.hypershift.testing.kube.KubeContext;
import java.time.Duration;

/**
 * Where the test API server runs no namespace controller (a bare kube-apiserver), a deleted namespace stays
 * Terminating: this stands in for kube-controller-manager by finalizing it. The mock deletes namespaces at once and
 * needs nothing.
 */
final class NamespaceControllerStandIn {
    private NamespaceControllerStandIn() {}

    static void finalizeTerminatingNamespaces(KubeContext kube, String name, Duration wait) {
        if (kube.has(Capability.CONTROLLERS)) {
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            var ns = kube.client().namespaces().withName(name).get();
            if (ns == null) {
                return;
            }
            if (ns.getMetadata().getDeletionTimestamp() != null) {
                ns.getSpec().setFinalizers(java.util.List.of());
                kube.client().raw("/api/v1/namespaces/" + name + "/finalize", "PUT", ns);
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
