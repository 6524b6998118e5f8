package io.hypershift.support.catalogs;

import io.hypershift.api.v1beta1.OLMCatalogPlacement;
import io.hypershift.support.registryoverride.MirrorOverrides;
import java.util.Map;

/**
 * What the operators do about the OLM catalogs of one hosted cluster, decided from its OLM annotations and
 * {@code olmCatalogPlacement} alone (SPEC §9). The hypershift-operator and the control-plane-operator decide alike:
 *
 * <table>
 *   <caption>catalog state by plan</caption>
 *   <tr><th>plan</th><th>{@code catalogs} ImageStream (HO)</th><th>catalog Deployments (CPO)</th></tr>
 *   <tr><td>{@link Invalid}</td><td>left as it is</td><td>left as they are</td></tr>
 *   <tr><td>{@link Guest}</td><td>none</td><td>none</td></tr>
 *   <tr><td>{@link ImageOverrides}</td><td>none</td><td>the given digests</td></tr>
 *   <tr><td>{@link Discover}, ImageStreams served</td><td>one tag per discovered catalog</td>
 *       <td>the ImageStream tags</td></tr>
 *   <tr><td>{@link Discover}, not served</td><td>none</td><td>the discovered images, pinned by digest</td></tr>
 * </table>
 */
public sealed interface CatalogPlan {

    /** Invalid annotations: report {@code message}, and keep the last good catalog state (never delete it). */
    record Invalid(String message) implements CatalogPlan {}

    /** {@code olmCatalogPlacement: guest}: the catalogs run in the guest cluster, none in the control plane. */
    record Guest(CatalogOverrides overrides) implements CatalogPlan {}

    /** Catalog images given by digest: no ImageStream, no discovery. */
    record ImageOverrides(CatalogOverrides overrides) implements CatalogPlan {
        public Map<Catalog, String> images() {
            return overrides.images();
        }
    }

    /** No catalog image given: discover the index images of the release, through the registry overrides. */
    record Discover(CatalogOverrides overrides) implements CatalogPlan {
        public MirrorOverrides registryOverrides() {
            return overrides.registryOverrides();
        }
    }

    /** Decides the plan; validation comes first, so invalid annotations are reported whatever the placement. */
    static CatalogPlan decide(Map<String, String> annotations, OLMCatalogPlacement placement) {
        CatalogOverrides overrides;
        try {
            overrides = CatalogOverrides.fromAnnotations(annotations);
        } catch (InvalidCatalogOverridesException e) {
            return new Invalid(e.getMessage());
        }
        if (placement == OLMCatalogPlacement.GUEST) {
            return new Guest(overrides);
        }
        return overrides.hasImageOverrides() ? new ImageOverrides(overrides) : new Discover(overrides);
    }

    /** Whether the control plane runs catalog workloads ({@code false} for {@link Guest}; unknown for {@link Invalid}). */
    default boolean runsCatalogsInControlPlane() {
        return this instanceof ImageOverrides || this instanceof Discover;
    }

    /** Whether the {@code catalogs} ImageStream should exist, where the management cluster serves ImageStreams. */
    default boolean wantsImageStream() {
        return this instanceof Discover;
    }
}
