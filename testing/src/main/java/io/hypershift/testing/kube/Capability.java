package io.hypershift.testing.kube;

/** What a backend's API server does beyond plain CRUD, watches, JSON/merge patches and status subresources. */
public enum Capability {
    /** Server-side apply ({@code PATCH application/apply-patch+yaml}) and strategic merge patches. */
    SERVER_SIDE_APPLY,
    /** OpenAPI schema validation, defaulting, and CEL rules ({@code x-kubernetes-validations}) of CRDs. */
    SCHEMA_VALIDATION,
    /** Real discovery: a kind is served only once its CRD is Established. */
    DISCOVERY,
    /**
     * Authorization is enforced: a client impersonating a ServiceAccount gets only what its Roles grant (403
     * otherwise). The apiserver backend also enables OpenShift's {@code OwnerReferencesPermissionEnforcement}.
     */
    RBAC,
    /** Controllers run: garbage collection of owned objects, namespace deletion completes, Pods are scheduled. */
    CONTROLLERS,
    /**
     * The test can reach the node itself ({@link KubeCluster#node()}): run commands there, tell its container runtime
     * to trust a registry, and find the host address the node reaches (where a registry the node pulls from listens).
     */
    NODE_SHELL
}
