package io.hypershift.support.catalogs;

import io.hypershift.api.Annotations;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The default OLM catalogs of a hosted cluster (SPEC §9), named as HyperShift names them.
 *
 * <p>HyperShift runs three: redhat-operators, certified-operators and community-operators; it dropped
 * redhat-marketplace (OCPBUGS-96908), which the design note still lists. Here redhat-marketplace is optional: it runs
 * when its image override is given, or when discovery finds its index image, and its absence is never an error.
 */
public enum Catalog {
    REDHAT_OPERATORS("redhat-operators", "redhat-operator-index", Annotations.REDHAT_OPERATORS_CATALOG_IMAGE, true),
    CERTIFIED_OPERATORS("certified-operators", "certified-operator-index",
            Annotations.CERTIFIED_OPERATORS_CATALOG_IMAGE, true),
    COMMUNITY_OPERATORS("community-operators", "community-operator-index",
            Annotations.COMMUNITY_OPERATORS_CATALOG_IMAGE, true),
    REDHAT_MARKETPLACE("redhat-marketplace", "redhat-marketplace-index", Annotations.REDHAT_MARKETPLACE_CATALOG_IMAGE,
            false);

    /** The catalogs that must all be given when any image override is (HyperShift's three). */
    public static final List<Catalog> REQUIRED =
            Arrays.stream(values()).filter(Catalog::required).toList();

    private final String catalogName;
    private final String indexRepository;
    private final String imageAnnotation;
    private final boolean required;

    Catalog(String catalogName, String indexRepository, String imageAnnotation, boolean required) {
        this.catalogName = catalogName;
        this.indexRepository = indexRepository;
        this.imageAnnotation = imageAnnotation;
        this.required = required;
    }

    /** {@code redhat-operators}: the ImageStream tag, the {@code olm.catalogSource} label and the Service name. */
    public String catalogName() {
        return catalogName;
    }

    /** {@code redhat-operator-index}: the repository of the index image under the catalog registry. */
    public String indexRepository() {
        return indexRepository;
    }

    /** The HostedCluster annotation that overrides this catalog's image, by digest. */
    public String imageAnnotation() {
        return imageAnnotation;
    }

    /** Whether this catalog always runs (HyperShift's three), as opposed to redhat-marketplace. */
    public boolean required() {
        return required;
    }

    /** {@code redhat-operators-catalog}: the name of the Deployment that serves the catalog. */
    public String deploymentName() {
        return catalogName + "-catalog";
    }

    public static Optional<Catalog> byName(String catalogName) {
        return Arrays.stream(values()).filter(c -> c.catalogName.equals(catalogName)).findFirst();
    }
}
