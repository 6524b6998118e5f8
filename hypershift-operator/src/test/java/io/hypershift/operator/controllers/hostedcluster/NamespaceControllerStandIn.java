package io.hypershift.operator.controllers.hostedcluster;

import io.hypershift.operator.testing.TestBackend;
import java.time.Duration;

/**
 * Where the test API server runs no namespace controller (a bare kube-apiserver), a deleted namespace stays
 * Terminating: this stands in for kube-controller-manager by finalizing it. The mock deletes namespaces at once and
 * needs nothing.
 */
final class NamespaceControllerStandIn {
    private NamespaceControllerStandIn() {}

    static void finalizeTerminatingNamespaces(TestBackend backend, String name, Duration wait) {
        if (backend.garbageCollection() || !backend.serverSideApply()) {
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            var ns = backend.client().namespaces().withName(name).get();
            if (ns == null) {
                return;
            }
            if (ns.getMetadata().getDeletionTimestamp() != null) {
                ns.getSpec().setFinalizers(java.util.List.of());
                backend.client().raw("/api/v1/namespaces/" + name + "/finalize", "PUT", ns);
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
