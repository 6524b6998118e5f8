package io.hypershift.cpo.release;

import io.hypershift.support.catalogs.CatalogDiscovery;
import io.hypershift.support.catalogs.CatalogImages;
import io.hypershift.support.registry.Digests;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.LocatedImage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Catalog discovery over a fixed set of index images (no registry): each exists with the digest of its name, served by
 * its RO rewrite. The registry side of discovery is covered by the support module's RegistryCatalogDiscoveryTest and
 * by {@code OlmCatalogsRegistryTest} here.
 */
public final class StaticCatalogBackends implements CatalogBackends {
    private final Set<String> existing;
    private final Clock clock;
    /** Every image probed, in order. */
    public final List<String> probed = new CopyOnWriteArrayList<>();

    public StaticCatalogBackends(Collection<String> existing, Clock clock) {
        this.existing = Set.copyOf(existing);
        this.clock = clock;
    }

    /** The three required catalogs at {@code <registry>/<index>:<tag>}. */
    public static List<String> required(String registry, String tag) {
        return List.of(registry + "/redhat-operator-index:" + tag, registry + "/certified-operator-index:" + tag,
                registry + "/community-operator-index:" + tag);
    }

    /** The three required catalogs at {@code registry.redhat.io/redhat/<index>:<tag>}. */
    public static List<String> redHat(String tag) {
        return required("registry.redhat.io/redhat", tag);
    }

    public static String digestOf(String image) {
        return Digests.sha256(image.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CatalogImages catalogImages(MirrorOverrides mirrors, MirrorOverrides tagMirrors, RegistryOverrides ro) {
        return new CatalogImages(secret -> image -> {
            probed.add(image);
            return existing.contains(image) ? Optional.of(new LocatedImage(image, ro.rewrite(image), digestOf(image)))
                    : Optional.empty();
        }, new CatalogDiscovery(), clock);
    }
}
