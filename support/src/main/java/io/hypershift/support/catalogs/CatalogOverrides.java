package io.hypershift.support.catalogs;

import io.hypershift.api.Annotations;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.imageref.SourcePattern;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.OverrideCodec;
import io.hypershift.support.registryoverride.ParseResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The validated OLM annotations of a HostedCluster or HostedControlPlane (SPEC §9).
 *
 * <p>Checks, in this order (the first two with HyperShift's exact messages):
 * <ol>
 *   <li>every catalog image that is set is referenced by digest ({@value #DIGEST_ONLY});</li>
 *   <li>all catalog images or none: when any is set, redhat-operators, certified-operators and community-operators
 *       must be ({@value #ALL_OR_NONE}); redhat-marketplace is optional, so the design note's 4 and HyperShift's 3
 *       are both complete;</li>
 *   <li>each image is a valid reference with a {@code sha256} digest;</li>
 *   <li>{@value Annotations#OLM_CATALOGS_IS_REGISTRY_OVERRIDES} parses (§4) with no malformed piece, and each source
 *       and mirror is a valid registry, namespace or repository. HyperShift skips malformed pieces silently, which
 *       sends the catalog lookups to {@code registry.redhat.io} behind the user's back; here that is an error.</li>
 * </ol>
 *
 * @param images the catalog image overrides, by digest; empty when none is given
 * @param registryOverrides the parsed registry-overrides annotation (source → mirrors, in order)
 * @param warnings harmless findings, such as a repeated piece of the registry-overrides annotation
 */
public record CatalogOverrides(Map<Catalog, String> images, MirrorOverrides registryOverrides, List<String> warnings) {
    /** HyperShift's message when a catalog image is not referenced by digest. */
    public static final String DIGEST_ONLY = "images for OLM catalogs should be referenced only by digest";
    /** HyperShift's message (the design note's wording) when some but not all catalog images are given. */
    public static final String ALL_OR_NONE =
            "if OLM catalog images are overridden, all the values for the 4 default catalogs should be provided";

    private static final CatalogOverrides NONE =
            new CatalogOverrides(Map.of(), MirrorOverrides.empty(), List.of());

    public CatalogOverrides {
        EnumMap<Catalog, String> copy = new EnumMap<>(Catalog.class);
        copy.putAll(images);
        images = Collections.unmodifiableMap(copy);
        warnings = List.copyOf(warnings);
    }

    public static CatalogOverrides none() {
        return NONE;
    }

    /** Whether catalog images are given, so that the catalogs bypass discovery and the ImageStream. */
    public boolean hasImageOverrides() {
        return !images.isEmpty();
    }

    /**
     * Validates the OLM annotations among {@code annotations} (a null map or no OLM annotation means none).
     *
     * @throws InvalidCatalogOverridesException with the message of the first check that fails
     */
    public static CatalogOverrides fromAnnotations(Map<String, String> annotations)
            throws InvalidCatalogOverridesException {
        Map<String, String> a = annotations == null ? Map.of() : annotations;
        Map<Catalog, String> images = new EnumMap<>(Catalog.class);
        for (Catalog c : Catalog.values()) {
            String v = a.get(c.imageAnnotation());
            if (v != null && !v.strip().isEmpty()) {
                images.put(c, v.strip());
            }
        }
        checkDigestOnly(images);
        checkAllOrNone(images);
        checkReferences(images);
        List<String> warnings = new ArrayList<>();
        MirrorOverrides registryOverrides = parseRegistryOverrides(
                a.get(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES), warnings);
        if (images.isEmpty() && registryOverrides.isEmpty() && warnings.isEmpty()) {
            return NONE;
        }
        return new CatalogOverrides(images, registryOverrides, warnings);
    }

    private static void checkDigestOnly(Map<Catalog, String> images) throws InvalidCatalogOverridesException {
        List<String> byTag = images.entrySet().stream()
                .filter(e -> !e.getValue().contains("@sha256:"))
                .map(e -> e.getKey().imageAnnotation() + "=\"" + e.getValue() + "\"")
                .toList();
        if (!byTag.isEmpty()) {
            throw new InvalidCatalogOverridesException(DIGEST_ONLY + " (not by digest: " + String.join(", ", byTag)
                    + ")");
        }
    }

    private static void checkAllOrNone(Map<Catalog, String> images) throws InvalidCatalogOverridesException {
        if (images.isEmpty()) {
            return;
        }
        List<String> missing = Catalog.REQUIRED.stream().filter(c -> !images.containsKey(c))
                .map(Catalog::imageAnnotation).toList();
        if (!missing.isEmpty()) {
            throw new InvalidCatalogOverridesException(ALL_OR_NONE + " (missing: " + String.join(", ", missing)
                    + "; given: " + images.keySet().stream().map(Catalog::imageAnnotation)
                    .collect(Collectors.joining(", ")) + ")");
        }
    }

    private static void checkReferences(Map<Catalog, String> images) throws InvalidCatalogOverridesException {
        for (Map.Entry<Catalog, String> e : images.entrySet()) {
            try {
                ImageReference ref = ImageReference.parse(e.getValue());
                if (!ref.hasDigest() || !ref.digest().startsWith("sha256:")) {
                    throw new InvalidReferenceException(e.getValue(), "not a sha256 digest reference");
                }
            } catch (InvalidReferenceException ex) {
                throw new InvalidCatalogOverridesException("annotation " + e.getKey().imageAnnotation() + ": "
                        + ex.getMessage());
            }
        }
    }

    private static MirrorOverrides parseRegistryOverrides(String value, List<String> warnings)
            throws InvalidCatalogOverridesException {
        if (value == null) {
            return MirrorOverrides.empty();
        }
        String where = "annotation " + Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES;
        // the codec's warnings are of two kinds: malformed pieces (skipped) and repeated pieces (harmless)
        ParseResult<MirrorOverrides> parsed = OverrideCodec.parseMirrors(value);
        List<String> skipped = parsed.warnings().stream().filter(w -> w.endsWith("skipped")).toList();
        if (!skipped.isEmpty()) {
            throw new InvalidCatalogOverridesException(where + " \"" + value + "\": " + String.join("; ", skipped)
                    + " (want comma-separated source=mirror pairs, e.g. registry.redhat.io/redhat=mirror.example.com/redhat)");
        }
        for (Map.Entry<String, List<String>> e : parsed.value().asMap().entrySet()) {
            try {
                SourcePattern.validateSource(e.getKey());
                for (String mirror : e.getValue()) {
                    SourcePattern.validateMirror(mirror);
                }
            } catch (InvalidReferenceException ex) {
                throw new InvalidCatalogOverridesException(where + ": " + ex.getMessage());
            }
        }
        parsed.warnings().stream().filter(w -> !w.endsWith("skipped")).forEach(w -> warnings.add(where + ": " + w));
        return parsed.value();
    }
}
