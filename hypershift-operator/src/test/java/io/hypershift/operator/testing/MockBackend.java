package io.hypershift.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * The fabric8 CRUD mock API server. Its limits: no server-side apply (the tests turn it off in JOSDK and in the
 * operator's applier), no garbage collection or namespace cascade, no schema validation, and discovery of a
 * group/version answers only from the CRDs created in it.
 */
public final class MockBackend implements TestBackend {
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public MockBackend() {
        // CRUD mode: objects are stored and served back; expectations (server.expect()) answer first
        var responses = new java.util.HashMap<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                responses, new io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher(responses), false);
        server.init(java.net.InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    /** The mock itself, for the few calls its CRUD mode cannot answer (e.g. SelfSubjectRulesReview). */
    public KubernetesMockServer server() {
        return server;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public boolean serverSideApply() {
        return false;
    }

    @Override
    public boolean garbageCollection() {
        return false;
    }

    @Override
    public String describe() {
        return "fabric8 CRUD mock API server (no server-side apply, no garbage collection)";
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
