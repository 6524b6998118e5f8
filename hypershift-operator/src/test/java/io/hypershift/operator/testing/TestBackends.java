package io.hypershift.operator.testing;

/** Where the reconciler tests run. Until the project's real kube-apiserver extension is merged, the CRUD mock. */
public final class TestBackends {
    private TestBackends() {}

    public static TestBackend create() {
        return new MockBackend();
    }
}
