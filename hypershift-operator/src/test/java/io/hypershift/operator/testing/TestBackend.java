package io.hypershift.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The API server a reconciler test runs against. Tests get one from {@link TestBackends#create()}, so swapping the
 * backend is a one-line change there.
 */
public interface TestBackend extends AutoCloseable {
    KubernetesClient client();

    /** Whether the server does server-side apply (the fabric8 mock does not). */
    boolean serverSideApply();

    /** Whether the server runs garbage collection and namespace cascade (a bare kube-apiserver and the mock do not). */
    boolean garbageCollection();

    /** A line for the test output: which backend and which real parts the test used. */
    String describe();

    @Override
    void close();
}
