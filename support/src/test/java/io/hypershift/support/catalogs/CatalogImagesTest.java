package io.hypershift.support.catalogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The cache around discovery (HyperShift's TestGetCatalogImagesWithCache and TestImageLookupCacheKeyFn), on a fake clock. */
class CatalogImagesTest {
    static final Set<String> ALL_419 = Set.of(
            "registry.redhat.io/redhat/certified-operator-index:v4.19",
            "registry.redhat.io/redhat/community-operator-index:v4.19",
            "registry.redhat.io/redhat/redhat-operator-index:v4.19");
    static final Set<String> ONLY_417 = Set.of(
            "registry.redhat.io/redhat/certified-operator-index:v4.17",
            "registry.redhat.io/redhat/community-operator-index:v4.17",
            "registry.redhat.io/redhat/redhat-operator-index:v4.17");

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final AtomicReference<Set<String>> existing = new AtomicReference<>(ALL_419);
    final AtomicInteger probesMade = new AtomicInteger();
    final CatalogImages images = new CatalogImages(secret -> {
        probesMade.incrementAndGet();
        return new CatalogDiscoveryTest.SetProbe(existing.get());
    }, new CatalogDiscovery(), clock);

    static ReleaseImage release(String image, String labelVersion, String metadataVersion) {
        return new ReleaseImage(image, image, "sha256:" + "a".repeat(64), metadataVersion, Map.of(),
                labelVersion == null ? Map.of() : Map.of("io.openshift.release", labelVersion));
    }

    static DockerConfig secret(String password) {
        return DockerConfig.parse(("{\"auths\":{\"registry.redhat.io\":{\"username\":\"u\",\"password\":\""
                + password + "\"}}}").getBytes(StandardCharsets.UTF_8), "test");
    }

    static Map<Catalog, String> pullSpecs(Map<Catalog, CatalogImage> found) {
        Map<Catalog, String> out = new java.util.EnumMap<>(Catalog.class);
        found.forEach((c, i) -> out.put(c, i.pullSpec()));
        return out;
    }

    @Test
    @DisplayName("When asked again within 5 minutes with the same inputs, it should answer from the cache")
    void cachesForFiveMinutes() throws Exception {
        ReleaseImage r = release("quay.example.com/ocp-release:4.19.0", "4.19.0", "4.19.0");
        assertThat(pullSpecs(images.lookup(r, MirrorOverrides.empty(), secret("p"))))
                .containsEntry(Catalog.REDHAT_OPERATORS, "registry.redhat.io/redhat/redhat-operator-index:v4.19");
        existing.set(ONLY_417);
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(pullSpecs(images.lookup(r, MirrorOverrides.empty(), secret("p"))))
                .containsEntry(Catalog.REDHAT_OPERATORS, "registry.redhat.io/redhat/redhat-operator-index:v4.19");
        assertThat(probesMade).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(pullSpecs(images.lookup(r, MirrorOverrides.empty(), secret("p"))))
                .containsEntry(Catalog.REDHAT_OPERATORS, "registry.redhat.io/redhat/redhat-operator-index:v4.17");
        assertThat(probesMade).hasValue(2);
    }

    @Test
    @DisplayName("When the release, the overrides or the pull secret change, it should look up again")
    void keyCoversEveryInput() throws Exception {
        ReleaseImage r = release("quay.example.com/ocp-release:4.19.0", "4.19.0", "4.19.0");
        MirrorOverrides none = MirrorOverrides.empty();
        images.lookup(r, none, secret("p"));
        images.lookup(r, none, secret("p"));
        assertThat(probesMade).hasValue(1);
        images.lookup(release("quay.example.com/ocp-release:4.19.0-b", "4.19.0", "4.19.0"), none, secret("p"));
        assertThat(probesMade).hasValue(2);
        MirrorOverrides ro = MirrorOverrides.of(Map.of("quay.io", List.of("m.example.com")));
        images.lookup(r, ro, secret("p"));
        assertThat(probesMade).hasValue(3);
        images.lookup(r, none, secret("other"));
        assertThat(probesMade).hasValue(4);
    }

    @Test
    @DisplayName("When discovery fails, it should not cache the failure")
    void failuresAreNotCached() throws Exception {
        ReleaseImage r = release("quay.example.com/ocp-release:4.19.0", "4.19.0", "4.19.0");
        existing.set(Set.of());
        assertThatThrownBy(() -> images.lookup(r, MirrorOverrides.empty(), secret("p")))
                .isInstanceOf(CatalogLookupException.class);
        existing.set(ALL_419);
        assertThat(images.lookup(r, MirrorOverrides.empty(), secret("p"))).hasSize(3);
    }

    @Test
    @DisplayName("When the release has the io.openshift.release label, it should take the version from it")
    void versionFromLabel() throws Exception {
        assertThat(CatalogImages.releaseVersion(release("r", "4.16.3", "4.15.0")))
                .isEqualTo(new CatalogVersion(4, 16));
        assertThat(CatalogImages.releaseVersion(release("r", null, "4.15.2"))).isEqualTo(new CatalogVersion(4, 15));
        assertThat(CatalogImages.releaseVersion(release("r", " ", "4.14.0"))).isEqualTo(new CatalogVersion(4, 14));
        assertThatThrownBy(() -> CatalogImages.releaseVersion(release("quay.example.com/r:x", null, "nightly")))
                .isInstanceOf(CatalogLookupException.class)
                .hasMessage("release quay.example.com/r:x: invalid OpenShift release version format: \"nightly\" "
                        + "(want a semantic version such as 4.17.3)");
    }

    @Test
    @DisplayName("When pull secrets differ only in password, their fingerprints should differ and hold no secret")
    void fingerprint() {
        String a = CatalogImages.fingerprint(secret("first-password"));
        assertThat(a).isEqualTo(CatalogImages.fingerprint(secret("first-password")))
                .isNotEqualTo(CatalogImages.fingerprint(secret("second-password")))
                .doesNotContain("first-password").startsWith("sha256:");
    }
}
