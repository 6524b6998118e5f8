package io.hypershift.support.catalogs;

import io.hypershift.support.imageref.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the catalog state a control-plane namespace holds with what its plan asks for (SPEC §9), for
 * {@code diagnose}. Pure: the caller reads the {@code catalogs} ImageStream and the catalog Deployments.
 */
public final class CatalogDiagnosis {
    /** The object checked when the annotations themselves are at fault. */
    public static final String ANNOTATIONS = "annotations";
    public static final String IMAGE_STREAM = "imagestream/" + CatalogImageStream.NAME;

    /**
     * One comparison.
     *
     * @param object {@code annotations}, {@code imagestream/catalogs} or {@code deployment/<catalog>-catalog}
     * @param expected what the plan asks for
     * @param actual what the namespace holds ({@code absent} when the object does not exist)
     * @param ok whether they agree
     * @param hint a likely cause and fix, or empty
     */
    public record Finding(String object, String expected, String actual, boolean ok, String hint) {}

    /**
     * What the namespace holds.
     *
     * @param imageStreamsServed whether the management cluster serves {@code image.openshift.io/v1} ImageStreams
     * @param imageStreamTags tag → imported pull spec of the {@code catalogs} ImageStream; empty if it is absent
     * @param deploymentImages catalog → image of the {@code registry} container of each catalog Deployment
     */
    public record Observed(boolean imageStreamsServed, Optional<Map<String, String>> imageStreamTags,
            Map<Catalog, String> deploymentImages) {}

    private static final String ABSENT = "absent";

    private CatalogDiagnosis() {}

    public static List<Finding> diagnose(CatalogPlan plan, Observed observed) {
        List<Finding> out = new ArrayList<>();
        if (plan instanceof CatalogPlan.Invalid invalid) {
            out.add(new Finding(ANNOTATIONS, "valid OLM annotations",
                    invalid.message(), false, "fix the HostedCluster annotations; the last good catalog state is kept "
                    + "until then"));
        } else if (plan instanceof CatalogPlan.Guest) {
            imageStream(out, observed, false);
            for (Catalog c : Catalog.values()) {
                deployment(out, c, observed, null, "olmCatalogPlacement is guest: the catalogs run in the guest "
                        + "cluster; the control-plane-operator should have deleted this Deployment");
            }
            if (observed.deploymentImages().isEmpty()) {
                out.add(new Finding("deployments", "no catalog Deployment (olmCatalogPlacement: guest)",
                        "no catalog Deployment", true, ""));
            }
        } else if (plan instanceof CatalogPlan.ImageOverrides overrides) {
            imageStream(out, observed, false);
            for (Catalog c : Catalog.values()) {
                String image = overrides.images().get(c);
                deployment(out, c, observed, image == null ? null : "image with digest "
                        + ImageReference.parse(image).digest(), "the image override annotation gives "
                        + (image == null ? "no image for this catalog" : image));
            }
        } else {
            if (observed.imageStreamsServed()) {
                imageStream(out, observed, true);
                Map<String, String> tags = observed.imageStreamTags().orElse(Map.of());
                for (Catalog c : Catalog.values()) {
                    boolean wanted = c.required() || tags.containsKey(c.catalogName());
                    deployment(out, c, observed, wanted ? "image from ImageStream tag "
                            + CatalogWorkload.imageStreamTagImage(c) : null,
                            "the control-plane-operator renders one Deployment per tag of the catalogs ImageStream");
                }
            } else {
                imageStream(out, observed, false);
                for (Catalog c : Catalog.values()) {
                    String actual = observed.deploymentImages().get(c);
                    if (!c.required() && actual == null) {
                        continue; // optional: discovery found no index for it
                    }
                    deployment(out, c, observed, "image pinned by digest", "without ImageStreams the "
                            + "control-plane-operator pins each catalog to the digest it resolved; check its "
                            + "ValidOLMCatalogOverrides condition and its log for the lookup");
                }
            }
        }
        return out;
    }

    private static void imageStream(List<Finding> out, Observed observed, boolean wanted) {
        if (!observed.imageStreamsServed()) {
            return; // nothing to compare: the API is not there
        }
        Optional<Map<String, String>> tags = observed.imageStreamTags();
        if (wanted) {
            boolean ok = tags.isPresent() && Catalog.REQUIRED.stream()
                    .allMatch(c -> tags.get().containsKey(c.catalogName()));
            out.add(new Finding(IMAGE_STREAM, "tags for " + String.join(", ", Catalog.REQUIRED.stream()
                    .map(Catalog::catalogName).toList()), tags.map(t -> t.isEmpty() ? "no tags" : String.join(", ",
                    t.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())).orElse(ABSENT), ok,
                    ok ? "" : "the hypershift-operator writes it once the release is known and the catalog index "
                            + "images are found; check ValidReleaseImage and the operator log"));
        } else {
            out.add(new Finding(IMAGE_STREAM, ABSENT, tags.isPresent() ? "present" : ABSENT, tags.isEmpty(),
                    tags.isEmpty() ? "" : "image overrides or guest placement need no ImageStream; the "
                            + "hypershift-operator should have deleted it"));
        }
    }

    private static void deployment(List<Finding> out, Catalog c, Observed observed, String expected, String hint) {
        String actual = observed.deploymentImages().get(c);
        String object = "deployment/" + c.deploymentName();
        if (expected == null) {
            if (actual != null) {
                out.add(new Finding(object, ABSENT, actual, false, hint));
            }
            return;
        }
        boolean ok;
        if (actual == null) {
            ok = false;
        } else if (expected.startsWith("image with digest ")) {
            ok = actual.endsWith("@" + expected.substring("image with digest ".length()));
        } else if (expected.equals("image pinned by digest")) {
            ok = ImageReference.tryParse(actual).map(ImageReference::hasDigest).orElse(false);
        } else {
            ok = true; // ImageStream mode: OpenShift's trigger owns the image
        }
        out.add(new Finding(object, expected, actual == null ? ABSENT : actual, ok, ok ? "" : hint));
    }
}
