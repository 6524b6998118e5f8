package io.hypershift.api;

/**
 * The names that the hypershift-operator, the control-plane-operator and the ignition-server agree on inside a
 * control-plane namespace ({@code <hostedcluster.namespace>-<hostedcluster.name>}).
 */
public final class ControlPlaneContract {
    private ControlPlaneContract() {}

    /** The HostedControlPlane in the control-plane namespace has the HostedCluster's name. */

    /** The copy of the HostedCluster's pull secret, type {@code kubernetes.io/dockerconfigjson}. */
    public static final String PULL_SECRET_NAME = "pull-secret";
    public static final String PULL_SECRET_KEY = ".dockerconfigjson";

    /** Deployment, ServiceAccount, Role and RoleBinding of the control-plane-operator; also its container name. */
    public static final String CONTROL_PLANE_OPERATOR = "control-plane-operator";

    /** Deployment, Service and ServiceAccount of the ignition-server; also its container name. */
    public static final String IGNITION_SERVER = "ignition-server";

    /**
     * Secrets labelled {@link Annotations#IGNITION_TOKEN_SECRET_LABEL}{@code ="true"} hold a bearer token under
     * {@link #IGNITION_TOKEN_KEY}; the ignition-server accepts any of them. The hypershift-operator creates this one.
     */
    public static final String IGNITION_TOKEN_SECRET = "ignition-server-token";
    public static final String IGNITION_TOKEN_KEY = "token";

    /** Optional keys of a token Secret (HyperShift's): the previous token, still accepted during a rotation, and a
     * release image for the nodes that use this token (default: the HostedControlPlane's). */
    public static final String IGNITION_OLD_TOKEN_KEY = "old_token";
    public static final String IGNITION_TOKEN_RELEASE_KEY = "release";

    /** The ignition-server's serving certificate, keys {@code tls.crt} and {@code tls.key}. */
    public static final String IGNITION_SERVING_CERT_SECRET = "ignition-server-serving-cert";

    /** The env var that carries the mirror overrides (SPEC §7). */
    public static final String ENV_IMG_OVERRIDES = "OPENSHIFT_IMG_OVERRIDES";

    /**
     * The env var that carries the tag mirrors of the management cluster's ImageTagMirrorSets, in the same format as
     * {@link #ENV_IMG_OVERRIDES} (Beyond HyperShift, which reads no ITMS). Written only when there are tag mirrors, so
     * a Deployment without them is unchanged; used for lookups of tag references only, before the digest mirrors.
     */
    public static final String ENV_IMG_TAG_OVERRIDES = "OPENSHIFT_IMG_TAG_OVERRIDES";

    /** The flag that carries RO (CPO) or mirror overrides then RO (ignition-server) (SPEC §7). */
    public static final String FLAG_REGISTRY_OVERRIDES = "--registry-overrides";

    /** The CPO's ConfigMap with the data-plane IDMS for Ignition, key {@code config}. */
    public static final String IMAGE_CONTENT_SOURCE_CONFIGMAP = "ignition-config-40-image-content-source";
    public static final String IMAGE_CONTENT_SOURCE_CONFIGMAP_KEY = "config";

    /** Linux MAX_ARG_STRLEN: a single argument or env string above this cannot be exec'd (SPEC §7). */
    public static final int MAX_ARG_STRLEN = 128 * 1024;

    /** Where the Deployments mount the pull-secret copy (read-only); the file is {@link #PULL_SECRET_KEY}. */
    public static final String PULL_SECRET_MOUNT_PATH = "/etc/hypershift/pull-secret";

    /**
     * The ConfigMap in the control-plane namespace with the registry CAs the hypershift-operator trusts (its
     * {@code --registry-ca-file}), written only when it has one; the control-plane-operator and the ignition-server
     * mount it at {@link #REGISTRY_CA_MOUNT_PATH} and read it with {@code --registry-ca-file}.
     */
    public static final String REGISTRY_CA_CONFIGMAP = "registry-ca-bundle";
    public static final String REGISTRY_CA_KEY = "ca-bundle.crt";
    public static final String REGISTRY_CA_MOUNT_PATH = "/etc/hypershift/registry-ca";

    /** Where the ignition-server mounts {@link #IGNITION_SERVING_CERT_SECRET} ({@code tls.crt}, {@code tls.key}). */
    public static final String IGNITION_SERVING_CERT_MOUNT_PATH = "/etc/hypershift/ignition-serving-cert";

    /** The subcommand each Deployment runs. */
    public static final String CPO_COMMAND = "run";
    public static final String IGNITION_SERVER_COMMAND = "serve";

    /** The ignition-server's HTTPS container port; its Service listens on {@link #IGNITION_SERVICE_PORT}. */
    public static final int IGNITION_PORT = 9090;
    public static final int IGNITION_SERVICE_PORT = 443;

    /** Prometheus {@code /metrics} and {@code /healthz}/{@code /readyz} ports of every binary. */
    public static final int METRICS_PORT = 8080;
    public static final int HEALTH_PORT = 8081;

    /** Env var (downward API) with the namespace the pod runs in. */
    public static final String ENV_POD_NAMESPACE = "POD_NAMESPACE";

    /** Label on every object the hypershift-operator writes, value {@link #MANAGED_BY_VALUE}. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "hypershift-operator";

    /** Label on the control-plane namespace and its objects: the control-plane namespace name. */
    public static final String HOSTED_CONTROL_PLANE_LABEL = "hypershift.openshift.io/hosted-control-plane";
}
