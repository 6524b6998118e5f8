package io.hypershift.support.catalogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.RegistryClient;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.LocatedImage;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.testing.CatalogIndexImages;
import io.hypershift.support.testing.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Catalog discovery through the real registry client against real registries (Debian docker-registry on 127.0.0.1,
 * TLS with the class's CA): a mirror that holds only some index tags, an auth-protected registry, and one that is down.
 */
class RegistryCatalogDiscoveryTest {
    /** Holds v4.14 and v4.15 of redhat-operators, v4.15 of certified, v4.14 of community: no v4.16 or v4.17. */
    @RegisterExtension
    static final LocalRegistry mirror = LocalRegistry.named("catalog-mirror").tls();
    /** Holds v4.17 of every catalog, behind basic auth. */
    @RegisterExtension
    static final LocalRegistry secured = LocalRegistry.named("catalog-secured").tls().auth("olm", "index-pass");
    /** Stopped before the tests: connection refused. */
    @RegisterExtension
    static final LocalRegistry down = LocalRegistry.named("catalog-down").tls();

    static final Map<String, String> DIGESTS = new java.util.HashMap<>();
    static RegistryClient client;

    @BeforeAll
    static void push() {
        for (String[] rt : new String[][] {
                {"redhat/redhat-operator-index", "v4.14"}, {"redhat/redhat-operator-index", "v4.15"},
                {"redhat/certified-operator-index", "v4.15"}, {"redhat/community-operator-index", "v4.14"}}) {
            DIGESTS.put(mirror.hostPort() + "/" + rt[0] + ":" + rt[1], CatalogIndexImages.push(mirror, rt[0], rt[1]));
        }
        for (String repo : List.of("redhat/redhat-operator-index", "redhat/certified-operator-index",
                "redhat/community-operator-index")) {
            DIGESTS.put(secured.hostPort() + "/" + repo + ":v4.17", CatalogIndexImages.push(secured, repo, "v4.17"));
        }
        down.stop();
        client = new RegistryClient(RegistryClientOptions.defaults().withCaBundle(mirror.caFile())
                .withRetries(1, Duration.ofMillis(10)).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        System.out.println("registries: " + mirror + ", " + secured + " (basic auth), " + down + " (stopped); TLS");
    }

    static ReleaseImage release(String version) {
        return new ReleaseImage("quay.example.com/openshift-release-dev/ocp-release:" + version + "-x86_64",
                "quay.example.com/openshift-release-dev/ocp-release:" + version + "-x86_64",
                "sha256:" + "e".repeat(64), version, Map.of(), Map.of("io.openshift.release", version));
    }

    static DockerConfig secret(String host, String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return DockerConfig.parse(("{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}")
                .getBytes(StandardCharsets.UTF_8), "test pull secret");
    }

    static CatalogImages onRegistries(MirrorOverrides managementMirrors) {
        return CatalogImages.onRegistries(client, managementMirrors, RegistryOverrides.empty(), Clock.systemUTC());
    }

    @Test
    @DisplayName("When the mirror lacks v4.17 and v4.16, it should fall back per catalog to the newest tag it holds")
    void fallsBackThroughTheRealRegistry() throws Exception {
        // registry.redhat.io with a mirror that has no path: /redhat is appended (HyperShift's rule)
        MirrorOverrides annotation = MirrorOverrides.of(Map.of("registry.redhat.io", List.of(mirror.hostPort())));
        mirror.markLog();
        Map<Catalog, CatalogImage> found = onRegistries(MirrorOverrides.empty())
                .lookup(release("4.17.2"), annotation, DockerConfig.empty());
        String m = mirror.hostPort() + "/redhat/";
        assertThat(found.get(Catalog.REDHAT_OPERATORS).pullSpec()).isEqualTo(m + "redhat-operator-index:v4.15");
        assertThat(found.get(Catalog.CERTIFIED_OPERATORS).pullSpec()).isEqualTo(m + "certified-operator-index:v4.15");
        assertThat(found.get(Catalog.COMMUNITY_OPERATORS).pullSpec()).isEqualTo(m + "community-operator-index:v4.14");
        assertThat(found).doesNotContainKey(Catalog.REDHAT_MARKETPLACE);
        found.values().forEach(i -> assertThat(i.digest()).isEqualTo(DIGESTS.get(i.pullSpec())));
        assertThat(found.get(Catalog.REDHAT_OPERATORS).pinned())
                .isEqualTo(m + "redhat-operator-index@" + DIGESTS.get(m + "redhat-operator-index:v4.15"));
        // the registry was really asked for the tags it lacks, and answered 404
        assertThat(mirror.requests()).anySatisfy(r -> {
            assertThat(r.path()).endsWith("/redhat-operator-index/manifests/v4.17");
            assertThat(r.status()).isEqualTo(404);
        });
    }

    @Test
    @DisplayName("When a registry answers unauthorized, it should count the image as absent and try the next one")
    void unauthorizedIsAbsent() throws Exception {
        MirrorOverrides annotation = MirrorOverrides.of(Map.of("registry.redhat.io/redhat",
                List.of(secured.hostPort() + "/redhat", mirror.hostPort() + "/redhat")));
        Map<Catalog, CatalogImage> withoutCredentials = onRegistries(MirrorOverrides.empty())
                .lookup(release("4.17.0"), annotation, DockerConfig.empty());
        assertThat(withoutCredentials.get(Catalog.REDHAT_OPERATORS).pullSpec())
                .isEqualTo(mirror.hostPort() + "/redhat/redhat-operator-index:v4.15");

        Map<Catalog, CatalogImage> withCredentials = onRegistries(MirrorOverrides.empty())
                .lookup(release("4.17.0"), annotation, secret(secured.hostPort(), "olm", "index-pass"));
        assertThat(withCredentials.get(Catalog.REDHAT_OPERATORS).pullSpec())
                .isEqualTo(secured.hostPort() + "/redhat/redhat-operator-index:v4.17");
        assertThat(withCredentials.get(Catalog.COMMUNITY_OPERATORS).digest())
                .isEqualTo(DIGESTS.get(secured.hostPort() + "/redhat/community-operator-index:v4.17"));
    }

    @Test
    @DisplayName("When the only registry is down, it should fail instead of taking an older catalog")
    void connectionFailureIsAnError() {
        MirrorOverrides annotation = MirrorOverrides.of(Map.of("registry.redhat.io/redhat",
                List.of(down.hostPort() + "/redhat")));
        assertThatThrownBy(() -> onRegistries(MirrorOverrides.empty())
                .lookup(release("4.17.0"), annotation, DockerConfig.empty()))
                .isInstanceOf(CatalogLookupException.class)
                .hasMessageContaining("cannot tell whether catalog image " + down.hostPort()
                        + "/redhat/redhat-operator-index:v4.17 exists");
    }

    @Test
    @DisplayName("When a management mirror answers not found and the source is unreachable, it should count as absent")
    void managementMirrorAnswersForUnreachableSource() throws Exception {
        // the catalog source (rewritten by the annotation) is down, as registry.redhat.io is in a disconnected
        // cluster; the management cluster's mirror for it holds older tags only
        MirrorOverrides annotation = MirrorOverrides.of(Map.of("registry.redhat.io/redhat",
                List.of(down.hostPort() + "/redhat")));
        MirrorOverrides managementMirrors = MirrorOverrides.of(Map.of(down.hostPort() + "/redhat",
                List.of(mirror.hostPort() + "/redhat")));
        Map<Catalog, CatalogImage> found = onRegistries(managementMirrors)
                .lookup(release("4.17.0"), annotation, DockerConfig.empty());
        // the pull spec names the catalog source (for an ImageStream); the pinned image names the mirror that serves it
        CatalogImage rh = found.get(Catalog.REDHAT_OPERATORS);
        assertThat(rh.pullSpec()).isEqualTo(down.hostPort() + "/redhat/redhat-operator-index:v4.15");
        assertThat(rh.servedBy()).isEqualTo(mirror.hostPort() + "/redhat/redhat-operator-index:v4.15");
        assertThat(rh.digest()).isEqualTo(DIGESTS.get(mirror.hostPort() + "/redhat/redhat-operator-index:v4.15"));
        assertThat(rh.pinned()).isEqualTo(mirror.hostPort() + "/redhat/redhat-operator-index@" + rh.digest());
    }

    @Test
    @DisplayName("When the probe is asked directly, it should give the digest, empty for 404, and fail on no answer")
    void probeClassifies() throws Exception {
        RegistryImageProbe probe = new RegistryImageProbe(client, MirrorOverrides.empty(), RegistryOverrides.empty(),
                DockerConfig.empty());
        String present = mirror.hostPort() + "/redhat/redhat-operator-index:v4.14";
        assertThat(probe.locate(present)).isEqualTo(Optional.of(new LocatedImage(present, present, DIGESTS.get(present))));
        assertThat(probe.locate(mirror.hostPort() + "/redhat/redhat-operator-index:v4.99")).isEmpty();
        assertThat(probe.locate(mirror.hostPort() + "/redhat/no-such-index:v4.14")).isEmpty();
        assertThat(probe.locate(secured.hostPort() + "/redhat/redhat-operator-index:v4.17")).isEmpty();
        assertThatThrownBy(() -> probe.locate(down.hostPort() + "/redhat/redhat-operator-index:v4.17"))
                .isInstanceOf(CatalogLookupException.class);
    }
}
