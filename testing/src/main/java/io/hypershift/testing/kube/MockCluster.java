package io.hypershift.testing.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's CRUD mock server on a loopback port. It does not do server-side apply, strategic merge, schema
 * validation, garbage collection or real discovery, and a CRD never reports Established. Operators on it must run
 * with server-side apply OFF: {@link KubeContext#josdk()} sets that, and the test output says so.
 */
public final class MockCluster implements KubeCluster {
    /** The mock server logs every request at INFO through java.util.logging; keep the logger (and its level). */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final String url;

    private MockCluster(KubernetesMockServer server) {
        this.server = server;
        this.url = "http://" + server.getHostName() + ":" + server.getPort();
    }

    public static MockCluster start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new MockCluster(server);
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(java.util.logging.Level.WARNING);
        return l;
    }

    @Override
    public Backend backend() {
        return Backend.MOCK;
    }

    @Override
    public String description() {
        return "fabric8 CRUD mock server at " + url + "; server-side apply OFF (the mock answers 415/404), no strategic"
                + " merge, no schema validation or CEL, no GC, discovery always true";
    }

    @Override
    public Config config() {
        return ClientConfigs.plainConfig(url);
    }

    @Override
    public String kubeconfig() {
        return ClientConfigs.kubeconfig(url, null, null);
    }

    @Override
    public void close() {
        server.destroy();
    }
}
