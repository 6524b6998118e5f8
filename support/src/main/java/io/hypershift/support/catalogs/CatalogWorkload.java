package io.hypershift.support.catalogs;

import io.hypershift.support.registryoverride.RegistryOverrides;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The image one catalog Deployment runs.
 *
 * @param catalog the catalog
 * @param image the container image: a digest reference (rewritten with RO like every control-plane pod image, SPEC
 *     §7) or placed where discovery found it, or {@code catalogs:<catalog>} resolved through the ImageStream
 * @param imageStreamTag whether {@code image} follows the {@code catalogs} ImageStream tag (OpenShift's image trigger
 *     and {@code lookupPolicy.local} resolve it) rather than a pinned digest
 */
public record CatalogWorkload(Catalog catalog, String image, boolean imageStreamTag) {
    public CatalogWorkload {
        Objects.requireNonNull(catalog);
        Objects.requireNonNull(image);
    }

    /** {@code catalogs:<catalog>}: the ImageStream tag a pod in the namespace can name. */
    public static String imageStreamTagImage(Catalog catalog) {
        return CatalogImageStream.NAME + ":" + catalog.catalogName();
    }

    /** The given image overrides, RO applied. */
    public static Map<Catalog, CatalogWorkload> fromOverrides(Map<Catalog, String> images, RegistryOverrides ro) {
        Map<Catalog, CatalogWorkload> out = new EnumMap<>(Catalog.class);
        images.forEach((c, image) -> out.put(c, new CatalogWorkload(c, ro.rewrite(image), false)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The discovered images pinned by digest where they were found (mirrors and RO already applied by the probe),
     * for management clusters without ImageStreams.
     */
    public static Map<Catalog, CatalogWorkload> pinned(Map<Catalog, CatalogImage> images) {
        Map<Catalog, CatalogWorkload> out = new EnumMap<>(Catalog.class);
        images.forEach((c, image) -> out.put(c, new CatalogWorkload(c, image.pinned(), false)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * One workload per catalog tag of the ImageStream. As in HyperShift, a Deployment that exists keeps the image
     * OpenShift's trigger wrote into it; a new one names {@code catalogs:<catalog>}.
     *
     * @param tags the tag names of the {@code catalogs} ImageStream
     * @param currentImages the image of each existing catalog Deployment
     */
    public static Map<Catalog, CatalogWorkload> fromImageStream(Collection<String> tags,
            Map<Catalog, String> currentImages) {
        Map<Catalog, CatalogWorkload> out = new EnumMap<>(Catalog.class);
        for (String tag : tags) {
            Catalog.byName(tag).ifPresent(c -> {
                String current = currentImages.get(c);
                String image = current == null || current.isBlank() ? imageStreamTagImage(c) : current;
                out.put(c, new CatalogWorkload(c, image, true));
            });
        }
        return Collections.unmodifiableMap(out);
    }
}
