package io.hypershift.api;

/** Condition types and reasons (SPEC §10), named as HyperShift names them. */
public final class Conditions {
    private Conditions() {}

    // Types
    public static final String VALID_RELEASE_IMAGE = "ValidReleaseImage";
    public static final String VALID_OLM_CATALOG_OVERRIDES = "ValidOLMCatalogOverrides";
    public static final String REGISTRY_OVERRIDES_PROPAGATED = "RegistryOverridesPropagated";
    public static final String RECONCILIATION_SUCCEEDED = "ReconciliationSucceeded";
    public static final String AVAILABLE = "Available";
    /** Beyond HyperShift: whether the nodes' registries.conf does what imageContentSources say. */
    public static final String VALID_DATA_PLANE_MIRRORS = "ValidDataPlaneMirrors";

    // Statuses
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    // Reasons
    public static final String AS_EXPECTED = "AsExpected";
    public static final String INVALID_IMAGE = "InvalidImage";
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    /** The HostedControlPlane's (CPO) reason for an unreadable pull secret; the HostedCluster keeps SPEC §10's InvalidImage. */
    public static final String INVALID_PULL_SECRET = "InvalidPullSecret";
    public static final String LOOKUP_FAILED = "LookupFailed";
    public static final String INVALID_CATALOG_OVERRIDES = "InvalidCatalogOverrides";
    public static final String INVALID_REGISTRY_OVERRIDES = "InvalidRegistryOverrides";
    public static final String REGISTRY_OVERRIDES_TOO_LARGE = "RegistryOverridesTooLarge";
    public static final String DEPLOYMENT_MISMATCH = "DeploymentMismatch";
    /**
     * Beyond HyperShift: the Deployments carry the current strings, and the HostedCluster opts out of the management
     * cluster's mirrors (their mirror overrides are {@code =}).
     */
    public static final String MANAGEMENT_MIRRORS_IGNORED = "ManagementClusterImageMirrorsIgnored";
    public static final String RECONCILIATION_ERROR = "ReconciliationError";
    public static final String WAITING = "Waiting";
    /** imageContentSources that the nodes cannot use, or whose NeverContactSource does not hold on them. */
    public static final String DATA_PLANE_MIRROR_HAZARDS = "DataPlaneMirrorHazards";
    /** imageContentSources that the nodes use, but differently from the control plane (the condition stays True). */
    public static final String DATA_PLANE_MIRROR_WARNINGS = "DataPlaneMirrorWarnings";
    /** imageContentSources entries, or NeverContactSource annotation entries, left out of the nodes' registries.conf. */
    public static final String INVALID_DATA_PLANE_MIRRORS = "InvalidDataPlaneMirrors";

    /** Prefix of every {@code ValidReleaseImage=False} message. */
    public static final String RELEASE_LOOKUP_MESSAGE_PREFIX = "failed to lookup release image: ";
}
