package io.hypershift.support.mirrorpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.manifests.ManifestDocument;
import io.hypershift.support.mirrorpolicy.Finding.Severity;
import io.hypershift.support.registryoverride.PrefixMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Coverage of an ImageSetConfiguration by the mirror policies: every release channel's payload repositories by an
 * ICSP or IDMS entry (HyperShift reads only those two kinds into its overrides, and payload components are pulled by
 * digest), and every operator catalog by an entry of any kind. "Covered" means a source with at least one mirror
 * matches the repository by the boundary-aware longest-prefix rule (SPEC §5).
 */
public final class ImageSetRules {
    /** The repositories of an OKD (FCOS) release payload. */
    public static final List<String> OKD_PAYLOAD_REPOSITORIES = List.of("quay.io/openshift/okd", "quay.io/openshift/okd-content");

    private static final String OCI_PREFIX = "oci:";
    private static final String DOCKER_PREFIX = "docker://";

    private ImageSetRules() {}

    public static List<Finding> check(ImageSetConfig.Loaded isc, List<PolicyObject> objects, List<ManifestDocument> others) {
        List<Finding> out = new ArrayList<>();
        Map<String, MirrorEntry> digest = SetRules.usableDigestEntries(objects);
        PrefixMatcher<MirrorEntry> digestMatcher = PrefixMatcher.of(digest);
        PrefixMatcher<MirrorEntry> anyMatcher = PrefixMatcher.of(SetRules.usableEntries(objects, k -> true));

        List<ImageSetConfig.Channel> channels = isc.config().channels();
        for (int i = 0; i < channels.size(); i++) {
            ImageSetConfig.Channel ch = channels.get(i);
            String entry = "mirror.platform.channels[" + i + "]";
            List<String> repos = switch (ch.typeOrDefault()) {
                case "ocp" -> SetRules.RELEASE_PAYLOAD_REPOSITORIES;
                case "okd" -> OKD_PAYLOAD_REPOSITORIES;
                default -> null;
            };
            if (repos == null) {
                out.add(new Finding(Severity.WARNING, Rule.IMAGE_SET_NOT_CHECKED, isc.origin(), entry + ".type",
                        "unknown platform type \"" + ch.type() + "\" for channel " + ch.name() + "; coverage not checked",
                        "use type ocp or okd"));
                continue;
            }
            List<String> missing = repos.stream().filter(r -> digestMatcher.longest(r).isEmpty()).toList();
            if (!missing.isEmpty()) {
                out.add(new Finding(Severity.ERROR, Rule.RELEASE_CHANNEL_NOT_COVERED, isc.origin(), entry,
                        "release channel " + ch.name() + " (" + ch.typeOrDefault() + ") is pulled from "
                                + String.join(" and ", repos) + ", and no ImageContentSourcePolicy or ImageDigestMirrorSet "
                                + "entry covers " + String.join(" or ", missing),
                        "add the release policy of the oc-mirror run that mirrored this channel (v1 release-0, v2 "
                                + "idms-release-0), or entries: " + String.join("; ", missing.stream()
                                        .map(r -> "source: " + r + ", mirrors: [<mirror-registry>/" + r.substring(r.indexOf('/') + 1) + "]")
                                        .toList())));
            }
        }

        List<ImageSetConfig.Operator> operators = isc.config().operators();
        for (int i = 0; i < operators.size(); i++) {
            String catalog = operators.get(i).catalog();
            String entry = "mirror.operators[" + i + "].catalog";
            if (catalog == null || catalog.isEmpty()) {
                continue;
            }
            if (catalog.startsWith(OCI_PREFIX)) {
                out.add(new Finding(Severity.WARNING, Rule.IMAGE_SET_NOT_CHECKED, isc.origin(), entry,
                        "catalog " + catalog + " is a local OCI layout, so the registry its images come from is unknown; "
                                + "coverage not checked",
                        "check by hand that the catalog's registry and its operators' repositories have mirror entries"));
                continue;
            }
            String image = catalog.startsWith(DOCKER_PREFIX) ? catalog.substring(DOCKER_PREFIX.length()) : catalog;
            ImageReference ref;
            try {
                ref = ImageReference.parse(image);
            } catch (InvalidReferenceException ex) {
                out.add(new Finding(Severity.ERROR, Rule.INVALID_REFERENCE, isc.origin(), entry, ex.getMessage(),
                        "write the catalog as registry/namespace/name:tag or @sha256:digest"));
                continue;
            }
            if (anyMatcher.longest(image).isPresent()) {
                continue;
            }
            String mirror = mirroredCatalog(ref, others).orElse("<mirror-registry>/" + ref.repository());
            out.add(new Finding(Severity.ERROR, Rule.CATALOG_NOT_COVERED, isc.origin(), entry,
                    "operator catalog " + catalog + " is not covered by any mirror entry (oc-mirror writes a "
                            + "CatalogSource for a mirrored catalog, not a mirror entry), so pulls of it by its "
                            + "source name, such as HyperShift's catalog ImageStream, go to " + ref.registryOrDefault(),
                    "add an entry: source: " + ref.name() + ", mirrors: [" + mirror + "]; or set the HostedCluster "
                            + "annotation hypershift.openshift.io/olm-catalogs-is-registry-overrides"));
        }
        out.addAll(additionalImages(isc, objects));
        return out;
    }

    /**
     * Every tag reference among {@code mirror.additionalImages} that no ImageTagMirrorSet entry covers: oc-mirror
     * writes an ITMS for what it mirrored by tag, and without one a tag pull goes to the source (a warning, since
     * the ITMS may be applied from elsewhere). References by digest are left to the digest rules.
     */
    private static List<Finding> additionalImages(ImageSetConfig.Loaded isc, List<PolicyObject> objects) {
        PrefixMatcher<MirrorEntry> tagMatcher = PrefixMatcher.of(SetRules.usableEntries(objects, k -> k == PolicyKind.ITMS));
        List<Finding> out = new ArrayList<>();
        List<ImageSetConfig.AdditionalImage> images = isc.config().additionalImages();
        for (int i = 0; i < images.size(); i++) {
            String image = images.get(i).name();
            Optional<ImageReference> ref = image == null ? Optional.empty() : ImageReference.tryParse(image);
            if (ref.isEmpty() || ref.get().hasDigest() || tagMatcher.longest(image).isPresent()) {
                continue;
            }
            out.add(new Finding(Severity.WARNING, Rule.TAG_IMAGE_NOT_COVERED, isc.origin(),
                    "mirror.additionalImages[" + i + "].name",
                    "additional image " + image + " is named by tag, and no ImageTagMirrorSet entry covers it, so a "
                            + "pull of it by tag goes to " + ref.get().registryOrDefault(),
                    "add the ImageTagMirrorSet of the oc-mirror run that mirrored it (v2 itms-oc-mirror.yaml), or an "
                            + "entry: source: " + ref.get().name() + ", mirrors: [<mirror-registry>/"
                            + ref.get().repository() + "]"));
        }
        return out;
    }

    /** Where a CatalogSource among the inputs says the catalog was mirrored: same last path component. */
    static Optional<String> mirroredCatalog(ImageReference catalog, List<ManifestDocument> others) {
        String name = lastComponent(catalog.repository());
        for (ManifestDocument d : others) {
            if (!"CatalogSource".equals(d.kind())) {
                continue;
            }
            JsonNode image = d.node().path("spec").path("image");
            if (!image.isTextual()) {
                continue;
            }
            Optional<ImageReference> ref = ImageReference.tryParse(image.asText());
            if (ref.isPresent() && lastComponent(ref.get().repository()).equals(name)) {
                return Optional.of(ref.get().name());
            }
        }
        return Optional.empty();
    }

    private static String lastComponent(String repository) {
        return repository.substring(repository.lastIndexOf('/') + 1);
    }
}
