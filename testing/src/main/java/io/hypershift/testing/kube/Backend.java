package io.hypershift.testing.kube;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a test's Kubernetes API comes from. {@code -De2e.backend=auto} (the default) takes {@link #KUBECONFIG} when
 * one is given, else the cheapest of {@link #APISERVER} and {@link #K3S} that has what the class declares
 * ({@link BackendSelector}); never {@link #MOCK}. A named backend is used or the test fails.
 */
public enum Backend {
    /**
     * A one-node cluster whose controllers run and Pods start, in a container that testcontainers' K3sContainer
     * starts: by default the node image of {@code hack/node-image.sh} (upstream Kubernetes behind the k3s container
     * contract, built on first use), or a real {@code rancher/k3s} image that is present locally.
     */
    K3S("k3s", EnumSet.allOf(Capability.class)),
    /**
     * etcd and kube-apiserver built by {@code hack/kube-apiserver.sh} (on first use), on loopback. No controllers run:
     * no garbage collection, a deleted namespace stays Terminating, Deployments get no Pods.
     */
    APISERVER("apiserver", EnumSet.of(Capability.SERVER_SIDE_APPLY, Capability.SCHEMA_VALIDATION, Capability.DISCOVERY,
            Capability.RBAC)),
    /**
     * fabric8's CRUD mock server: no server-side apply, no strategic merge, no schema validation, no authorization,
     * no GC, discovery always true, CRDs never report Established. Used only when asked for by name.
     */
    MOCK("mock", EnumSet.noneOf(Capability.class)),
    /** The user's own throwaway cluster, from {@code -De2e.kubeconfig=FILE}; assumed to be a full cluster. */
    KUBECONFIG("kubeconfig", EnumSet.complementOf(EnumSet.of(Capability.NODE_SHELL)));

    private final String id;
    private final EnumSet<Capability> capabilities;

    Backend(String id, EnumSet<Capability> capabilities) {
        this.id = id;
        this.capabilities = capabilities;
    }

    /** The name used on the command line and in the test output. */
    public String id() {
        return id;
    }

    public Set<Capability> capabilities() {
        return EnumSet.copyOf(capabilities);
    }

    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /** The backend named {@code id}, case-insensitive. */
    public static Backend fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (Backend b : values()) {
            if (b.id.equals(wanted)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown e2e backend '" + id + "': use auto, k3s, apiserver, mock or kubeconfig");
    }

    @Override
    public String toString() {
        return id;
    }
}
