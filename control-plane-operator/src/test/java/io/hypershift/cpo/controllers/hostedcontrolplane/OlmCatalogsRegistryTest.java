package io.hypershift.cpo.controllers.hostedcontrolplane;

import static io.hypershift.support.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.Annotations;
import io.hypershift.api.Conditions;
import io.hypershift.cpo.release.CatalogBackends;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.testing.CatalogIndexImages;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.hypershift.testing.kube.Crds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CPO pins its catalogs to digests resolved in a real registry (Debian docker-registry on 127.0.0.1, TLS with the
 * class's CA, htpasswd auth) through the live catalog backend, on a real API server without ImageStreams. The registry
 * holds the index images at v4.14 and v4.15 only; the release is 4.17, so discovery falls back two minor versions.
 */
@KubeTest
class OlmCatalogsRegistryTest {
    @RegisterExtension
    static final LocalRegistry mirror = LocalRegistry.named("olm-mirror").tls().auth("olm", "catalog-pass");
    static final Map<String, String> DIGESTS = new HashMap<>();

    OlmCatalogsTestSupport t;

    @BeforeAll
    static void push() {
        for (String tag : List.of("v4.14", "v4.15")) {
            for (String repo : List.of("redhat-operator-index", "certified-operator-index", "community-operator-index")) {
                DIGESTS.put(repo + ":" + tag, CatalogIndexImages.push(mirror, "redhat/" + repo, tag));
            }
        }
    }

    @BeforeEach
    void setUp(KubeContext kube) {
        Assumptions.assumeFalse(Crds.servesImageStreams(kube.client()),
                "this cluster serves image.openshift.io/v1 ImageStreams: the not-served branch cannot run here");
        t = new OlmCatalogsTestSupport(kube);
        t.pullSecret(mirror.authJson());
        System.out.println("[cpo olm] backend " + kube.backendName() + " (no ImageStreams), registry " + mirror);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void whenTheMirrorLacksTheReleaseCatalogs_itShouldPinTheNewestOlderDigests() throws Exception {
        t.create(Map.of(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io=" + mirror.hostPort()),
                h -> { });
        t.start(null, "4.17.1", CatalogBackends.live(RegistryClientOptions.defaults().withCaBundle(mirror.caFile()), t.clock));
        await("three catalog Deployments", () -> t.catalogImages().size() == 3);
        String base = mirror.hostPort() + "/redhat/";
        assertThat(t.catalogImages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "redhat-operators-catalog", base + "redhat-operator-index@" + DIGESTS.get("redhat-operator-index:v4.15"),
                "certified-operators-catalog", base + "certified-operator-index@"
                        + DIGESTS.get("certified-operator-index:v4.15"),
                "community-operators-catalog", base + "community-operator-index@"
                        + DIGESTS.get("community-operator-index:v4.15")));
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE);
        assertThat(mirror.requests()).anySatisfy(r -> {
            assertThat(r.path()).endsWith("/redhat/redhat-operator-index/manifests/v4.17");
            assertThat(r.status()).isIn(401, 404);
        });
    }
}
