package io.hypershift.operator.testing;

import io.hypershift.operator.release.CatalogImagesFactory;
import io.hypershift.support.catalogs.CatalogDiscovery;
import io.hypershift.support.catalogs.CatalogImages;
import io.hypershift.support.registry.Digests;
import io.hypershift.support.releaseinfo.LocatedImage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Catalog discovery over a fixed set of index images (no registry): each exists with the digest of its name. The
 * registry side is covered by the support module's RegistryCatalogDiscoveryTest and the CPO's OlmCatalogsRegistryTest.
 */
public final class TestCatalogs implements CatalogImagesFactory {
    private final Set<String> existing;
    /** Every image probed, in order. */
    public final List<String> probed = new CopyOnWriteArrayList<>();

    public TestCatalogs(Collection<String> existing) {
        this.existing = Set.copyOf(existing);
    }

    /** The three required catalogs at {@code <registry>/<index>:<tag>}. */
    public static List<String> required(String registry, String tag) {
        return List.of(registry + "/redhat-operator-index:" + tag, registry + "/certified-operator-index:" + tag,
                registry + "/community-operator-index:" + tag);
    }

    public static String digestOf(String image) {
        return Digests.sha256(image.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CatalogImages create(io.hypershift.support.registryoverride.MirrorOverrides mirrors,
            io.hypershift.support.registryoverride.MirrorOverrides tagMirrors,
            io.hypershift.support.registryoverride.RegistryOverrides ro) {
        return new CatalogImages(secret -> image -> {
            probed.add(image);
            return existing.contains(image) ? Optional.of(new LocatedImage(image, image, digestOf(image)))
                    : Optional.empty();
        }, new CatalogDiscovery(), Clock.systemUTC());
    }
}
