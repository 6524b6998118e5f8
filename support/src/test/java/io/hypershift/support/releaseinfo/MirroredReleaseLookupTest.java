package io.hypershift.support.releaseinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.manifests.Manifests;
import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registry.RegistryConnectionException;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.MirrorOverridesBuilder;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.support.testing.Processes;
import io.hypershift.support.testing.ReleaseFixture;
import io.hypershift.support.testing.RepoRoot;
import io.hypershift.support.testing.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Release lookups through mirrors against real registries: Debian docker-registry on 127.0.0.1, all TLS (one CA for
 * the class), the source and the mirror with bcrypt auth; the mirror filled by hack/mirror.sh (skopeo).
 */
class MirroredReleaseLookupTest {
    @RegisterExtension
    static final LocalRegistry source = LocalRegistry.named("source").tls().auth("alice", "source-pass");
    @RegisterExtension
    static final LocalRegistry mirror = LocalRegistry.named("mirror").tls().auth("bob", "mirror-pass");
    @RegisterExtension
    static final LocalRegistry empty = LocalRegistry.named("empty-mirror").tls();

    static ReleaseFixture.Release release;
    static Path policies;

    @BeforeAll
    static void mirrorARelease() throws IOException {
        release = ReleaseFixture.builder().version("4.16.3").components(3).pushTo(source);
        policies = mirror.dir().resolveSibling("policies");
        List<String> cmd = new ArrayList<>(List.of("bash", RepoRoot.script("mirror.sh").toString(),
                "--release", release.pullSpec(), "--to", mirror.hostPort(), "--output", policies.toString()));
        cmd.addAll(Skopeo.transport("src", source));
        cmd.addAll(Skopeo.transport("dest", mirror));
        Processes.run(cmd, Duration.ofSeconds(120));
    }

    @AfterEach
    void bringRegistriesBack() throws IOException {
        for (LocalRegistry r : List.of(source, mirror, empty)) {
            r.restart();
        }
    }

    static DockerConfig pullSecret() {
        String json = "{\"auths\": {"
                + source.authJson().replaceAll("^\\{\"auths\": \\{|}}$", "") + ","
                + mirror.authJson().replaceAll("^\\{\"auths\": \\{|}}$", "") + "}}";
        return DockerConfig.parse(json.getBytes(StandardCharsets.UTF_8), "test pull secret");
    }

    static RegistryLookups lookups(MirrorOverrides overrides) {
        return lookupsBuilder().mirrorOverrides(overrides).build();
    }

    static RegistryLookups.Builder lookupsBuilder() {
        return RegistryLookups.builder()
                .clientOptions(RegistryClientOptions.defaults().withCaBundle(source.caFile())
                        .withRetries(2, Duration.ofMillis(10)).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    static MirrorOverrides fromManifests(Path file) {
        MirrorOverridesBuilder.Result r = MirrorOverridesBuilder.build(Manifests.readPolicies(List.of(file), true));
        assertThat(r.problems()).isEmpty();
        return r.overrides();
    }

    @Test
    @DisplayName("When the source registry is stopped, it should serve the release from the mirror hack/mirror.sh made")
    void sourceDownMirrorServes() throws Exception {
        MirrorOverrides overrides = fromManifests(policies.resolve("idms-oc-mirror.yaml"));
        assertThat(overrides.asMap()).containsEntry(release.namespace(source.hostPort()),
                List.of(release.namespace(mirror.hostPort())));
        source.stop();

        ReleaseImage r = lookups(overrides).releaseProvider().lookup(release.pullSpec(), pullSecret());

        String mirrored = release.pullSpec().replace(source.hostPort(), mirror.hostPort());
        assertThat(r.image()).isEqualTo(release.pullSpec());
        assertThat(r.servedBy()).isEqualTo(mirrored);
        assertThat(r.digest()).isEqualTo(release.digest());
        assertThat(r.version()).isEqualTo("4.16.3");
        assertThat(r.labels()).containsEntry("io.openshift.release", "4.16.3");
        assertThat(r.componentImages()).hasSize(3);
        release.components().forEach((name, spec) -> assertThat(r.componentImage(name))
                .isEqualTo(spec.replace(source.hostPort(), mirror.hostPort())));
        // the rewritten component pull specs really are on the mirror
        RegistryLookups check = lookups(MirrorOverrides.empty());
        for (String spec : r.componentImages().values()) {
            assertThat(check.client().manifestDigest(ImageReference.parse(spec), pullSecret()))
                    .isEqualTo(ImageReference.parse(spec).digest());
        }
    }

    @Test
    @DisplayName("When an ImageTagMirrorSet covers the release's tag and the source is stopped, a lookup by tag should be "
            + "served by the tag mirror and its components found on the mirror; a lookup by digest should never use it")
    void tagMirrorServesTagLookupsOnly() throws Exception {
        MirrorOverrides tagMirrors = MirrorOverrides.of(Map.of(release.namespace(source.hostPort()),
                List.of(release.namespace(mirror.hostPort()))));
        source.stop();
        RegistryLookups lookups = lookupsBuilder().tagMirrorOverrides(tagMirrors).build();

        ReleaseImage r = lookups.releaseProvider().lookup(release.pullSpec(), pullSecret());

        assertThat(r.servedBy()).isEqualTo(release.pullSpec().replace(source.hostPort(), mirror.hostPort()));
        assertThat(r.digest()).isEqualTo(release.digest());
        assertThat(r.componentImages()).as("no digest mirror: the components stay at their source").isEqualTo(release.components());
        assertThatThrownBy(() -> lookups.releaseProvider().lookup(release.pullSpecByDigest(), pullSecret()))
                .isInstanceOf(ReleaseLookupException.class);

        // with the digest mirrors as well, the components are located on the mirror
        ReleaseImage both = lookupsBuilder().tagMirrorOverrides(tagMirrors)
                .mirrorOverrides(fromManifests(policies.resolve("idms-oc-mirror.yaml")))
                .build().releaseProvider().lookup(release.pullSpec(), pullSecret());
        release.components().forEach((name, spec) -> assertThat(both.componentImage(name))
                .isEqualTo(spec.replace(source.hostPort(), mirror.hostPort())));
    }

    @Test
    @DisplayName("When the ICSP from hack/mirror.sh is used, it should find the release and components on the mirror too")
    void icspFromMirrorScript() throws Exception {
        MirrorOverrides overrides = fromManifests(policies.resolve("imageContentSourcePolicy.yaml"));
        source.stop();
        ReleaseImage r = lookups(overrides).releaseProvider().lookup(release.pullSpecByDigest(), pullSecret());
        assertThat(r.servedBy()).startsWith(mirror.hostPort() + "/");
        assertThat(r.componentImages().values()).allMatch(s -> s.startsWith(mirror.hostPort() + "/"));
    }

    @Test
    @DisplayName("When the first mirror lacks the repository, it should log why and serve the release from the second")
    void firstMirrorLacksRepository() throws Exception {
        String src = release.namespace(source.hostPort());
        MirrorOverrides overrides = MirrorOverrides.of(Map.of(src,
                List.of(release.namespace(empty.hostPort()), release.namespace(mirror.hostPort()))));
        empty.markLog();

        ReleaseImage r = lookups(overrides).releaseProvider().lookup(release.pullSpec(), pullSecret());

        assertThat(r.servedBy()).isEqualTo(release.pullSpec().replace(source.hostPort(), mirror.hostPort()));
        assertThat(empty.requests()).anyMatch(q -> q.path().contains("/manifests/") && q.status() == 404);
        // components go to the mirror that served the release, not the first one
        assertThat(r.componentImages().values()).allMatch(s -> s.startsWith(mirror.hostPort() + "/"));
    }

    @Test
    @DisplayName("When the source is NeverContactSource and every mirror is down, it should fail listing each candidate "
            + "and send the source no request")
    void neverContactSourceAllMirrorsDown() throws Exception {
        String src = release.namespace(source.hostPort());
        Path idms = Files.writeString(mirror.dir().resolveSibling("ncs-idms.yaml"), """
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSet
                metadata:
                  name: never-contact-source
                spec:
                  imageDigestMirrors:
                  - source: %s
                    mirrors: [%s, %s]
                    mirrorSourcePolicy: NeverContactSource
                """.formatted(src, release.namespace(empty.hostPort()), release.namespace(mirror.hostPort())));
        MirrorOverrides overrides = fromManifests(idms);
        empty.stop();
        mirror.stop();
        source.markLog();

        assertThatThrownBy(() -> lookups(overrides).releaseProvider().lookup(release.pullSpec(), pullSecret()))
                .isInstanceOf(ReleaseLookupException.class)
                .hasMessageContaining("all 2 candidates failed")
                .hasMessageContaining("[" + release.pullSpec().replace(source.hostPort(), empty.hostPort())
                        + ": cannot reach registry " + empty.hostPort() + " repository "
                        + release.releaseRepository() + " after 2 attempts: connection refused or unreachable]")
                .hasMessageContaining("[" + release.pullSpec().replace(source.hostPort(), mirror.hostPort())
                        + ": cannot reach registry " + mirror.hostPort())
                .hasMessageNotContaining("[" + release.pullSpec() + ":")
                .satisfies(e -> assertThat(e.getCause().getCause()).isInstanceOf(RegistryConnectionException.class));
        assertThat(source.isRunning()).isTrue();
        assertThat(source.requests()).as("requests the source registry logged").isEmpty();
    }

    @Test
    @DisplayName("When 50 lookups of one image run at once, it should fetch the release from the registry once")
    void fiftyParallelLookupsOneFetch() throws Exception {
        String src = release.namespace(source.hostPort());
        MirrorOverrides overrides = MirrorOverrides.of(Map.of(src, List.of(release.namespace(mirror.hostPort()))));
        ReleaseProvider provider = lookups(overrides).releaseProvider();
        DockerConfig secret = pullSecret();
        mirror.markLog();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ReleaseImage>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return provider.lookup(release.pullSpec(), secret);
                }));
            }
            go.countDown();
            for (Future<ReleaseImage> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS).digest()).isEqualTo(release.digest());
            }
        } finally {
            pool.shutdownNow();
        }
        String manifestPath = "/v2/" + release.releaseRepository() + "/manifests/" + release.tag();
        assertThat(mirror.countRequests(q -> q.path().equals(manifestPath) && q.status() == 200))
                .as("release manifest GETs the mirror served").isEqualTo(1);
        assertThat(mirror.countRequests(q -> q.path().contains("/blobs/") && q.status() == 200))
                .as("blob GETs: the config and the top layer, once each").isEqualTo(2);
        assertThat(provider.lookup(release.pullSpec(), secret)).isSameAs(results.get(0).get());
    }

    @Test
    @DisplayName("When components live under another source than the release, it should place all of them at the "
            + "first of that source's mirrors that serves one of them, probing once")
    void componentsUnderAnotherSource() throws Exception {
        ReleaseFixture.Release r = ReleaseFixture.builder().version("4.16.4").components(3)
                .componentRepository("other/art").componentsIn(mirror).pushTo(source);
        // the components' own mirrors: "empty" lacks them, the source registry has a copy under copy/art
        r.components().forEach((name, spec) -> Skopeo.copy(spec, mirror,
                source.hostPort() + "/copy/art:" + name, source));
        MirrorOverrides overrides = MirrorOverrides.of(Map.of(mirror.hostPort() + "/other",
                List.of(empty.hostPort() + "/other", source.hostPort() + "/copy")));
        empty.markLog();

        ReleaseImage found = lookups(overrides).releaseProvider().lookup(r.pullSpec(), pullSecret());

        assertThat(found.servedBy()).isEqualTo(r.pullSpec()); // no mirror for the release's own source
        r.components().forEach((name, spec) -> assertThat(found.componentImage(name))
                .isEqualTo(spec.replace(mirror.hostPort() + "/other/", source.hostPort() + "/copy/")));
        assertThat(empty.countRequests(q -> q.path().contains("/manifests/")))
                .as("one probe for the source, not one per component").isEqualTo(1);
    }

    @Test
    @DisplayName("When a RO map is set, it should look the release up at the RO target and rewrite every component")
    void registryOverridesRewriteReleaseAndComponents() throws Exception {
        RegistryOverrides ro = RegistryOverrides.of(Map.of(release.namespace(source.hostPort()),
                release.namespace(mirror.hostPort())));
        source.stop();
        ReleaseProvider provider = RegistryLookups.builder().registryOverrides(ro)
                .clientOptions(RegistryClientOptions.defaults().withCaBundle(source.caFile())).build().releaseProvider();

        ReleaseImage r = provider.lookup(release.pullSpec(), pullSecret());

        assertThat(r.image()).isEqualTo(release.pullSpec());
        assertThat(r.servedBy()).isEqualTo(release.pullSpec().replace(source.hostPort(), mirror.hostPort()));
        assertThat(r.componentImages().values()).allMatch(s -> s.startsWith(mirror.hostPort() + "/"));
    }
}
