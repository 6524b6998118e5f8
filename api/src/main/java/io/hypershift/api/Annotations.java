package io.hypershift.api;

import java.util.List;

/** Annotation keys, named as in HyperShift's {@code api/hypershift/v1beta1}. */
public final class Annotations {
    private Annotations() {}

    /** {@code "sr1=dr1,sr2=dr2"}: rewrites the registries of the OLM catalog images (SPEC §9). */
    public static final String OLM_CATALOGS_IS_REGISTRY_OVERRIDES =
            "hypershift.openshift.io/olm-catalogs-is-registry-overrides";
    public static final String REDHAT_OPERATORS_CATALOG_IMAGE =
            "hypershift.openshift.io/redhat-operators-catalog-image";
    public static final String CERTIFIED_OPERATORS_CATALOG_IMAGE =
            "hypershift.openshift.io/certified-operators-catalog-image";
    public static final String COMMUNITY_OPERATORS_CATALOG_IMAGE =
            "hypershift.openshift.io/community-operators-catalog-image";
    public static final String REDHAT_MARKETPLACE_CATALOG_IMAGE =
            "hypershift.openshift.io/redhat-marketplace-catalog-image";

    /** Every OLM annotation the operator copies from a HostedCluster to its HostedControlPlane. */
    public static final List<String> OLM_ANNOTATIONS = List.of(
            OLM_CATALOGS_IS_REGISTRY_OVERRIDES,
            REDHAT_OPERATORS_CATALOG_IMAGE,
            CERTIFIED_OPERATORS_CATALOG_IMAGE,
            COMMUNITY_OPERATORS_CATALOG_IMAGE,
            REDHAT_MARKETPLACE_CATALOG_IMAGE);

    /**
     * Comma-separated {@code spec.imageContentSources} sources (or {@link #IMAGE_TAG_MIRRORS} sources) whose mirrors
     * are the only place the data plane may pull
     * from (IDMS {@code mirrorSourcePolicy: NeverContactSource}; {@code blocked = true} in {@code registries.conf}).
     * {@code imageContentSources} has no policy field, so the policy travels here, from the HostedCluster to the
     * HostedControlPlane like the OLM annotations.
     */
    public static final String IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE =
            "hypershift.openshift.io/image-content-sources-never-contact-source";

    /**
     * The data plane's tag mirrors (Beyond HyperShift: its HostedCluster API has no field for ImageTagMirrorSets): the
     * {@code source=mirror} pieces of the override string format, joined by {@code ,}, a source repeated once per
     * mirror in priority order, for example
     * {@code quay.io/openshift-release-dev=mirror.example.com/ocp,quay.io/openshift-release-dev=backup.example.com/ocp}.
     * They become {@code [[registry.mirror]]} entries with {@code pull-from-mirror = "tag-only"} in the nodes'
     * {@code registries.conf} and an ImageTagMirrorSet in the data-plane ConfigMap. A source also named in
     * {@link #IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE} is NeverContactSource. Copied to the HostedControlPlane.
     */
    public static final String IMAGE_TAG_MIRRORS = "hypershift.openshift.io/image-tag-mirrors";

    /**
     * Every annotation the hypershift-operator copies from a HostedCluster to its HostedControlPlane (and removes there
     * when it is removed): the OLM annotations, the data-plane NeverContactSource list and the data-plane tag mirrors.
     */
    public static final List<String> COPIED_TO_HOSTED_CONTROL_PLANE = List.of(
            OLM_CATALOGS_IS_REGISTRY_OVERRIDES,
            REDHAT_OPERATORS_CATALOG_IMAGE,
            CERTIFIED_OPERATORS_CATALOG_IMAGE,
            COMMUNITY_OPERATORS_CATALOG_IMAGE,
            REDHAT_MARKETPLACE_CATALOG_IMAGE,
            IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE,
            IMAGE_TAG_MIRRORS);

    /**
     * {@code "true"} on a HostedCluster: its control plane gets no mirror overrides from the management cluster's
     * ICSP/IDMS ({@code OPENSHIFT_IMG_OVERRIDES} is {@code =} on both Deployments); the operator's
     * {@code --registry-overrides} still apply. Beyond HyperShift (its issue #6205 asks for it). Read on the
     * HostedCluster only, never copied.
     */
    public static final String IGNORE_MANAGEMENT_CLUSTER_IMAGE_MIRRORS =
            "hypershift.openshift.io/ignore-management-cluster-image-mirrors";

    /** Set on objects in a control-plane namespace: the HostedCluster they belong to, as {@code namespace/name}. */
    public static final String HOSTED_CLUSTER = "hypershift.openshift.io/cluster";

    /** Label on ConfigMaps whose {@code config} key is merged into the nodes' Ignition config. */
    public static final String CORE_IGNITION_CONFIG_LABEL = "hypershift.openshift.io/core-ignition-config";

    /** Label on the ignition-server token Secrets. */
    public static final String IGNITION_TOKEN_SECRET_LABEL = "hypershift.openshift.io/ignition-token";
}
