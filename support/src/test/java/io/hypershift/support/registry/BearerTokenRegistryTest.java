package io.hypershift.support.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.releaseinfo.RegistryLookups;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseLookupException;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.support.testing.ReleaseFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bearer-token auth end to end: Debian docker-registry with {@code auth.token} (TLS, JWTs checked against the test
 * CA), and the test token service; skopeo pushes through the same flow.
 */
class BearerTokenRegistryTest {
    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.named("token-auth").tokenAuth().auth("frank", "token-pw-81c2");

    static ReleaseFixture.Release release;

    @BeforeAll
    static void push() {
        release = ReleaseFixture.builder().version("4.19.0").components(2).pushTo(registry);
    }

    static RegistryClient client() {
        return new RegistryClient(RegistryClientOptions.defaults().withCaBundle(registry.caFile())
                .withRetries(1, Duration.ZERO));
    }

    @Test
    @DisplayName("When the registry sends a bearer challenge, it should get a pull token for the repository with the "
            + "pull secret's credentials and read the release, reusing the token")
    void readsWithBearerToken() throws Exception {
        RegistryClient client = client();
        int before = registry.tokenRequests().size();

        ReleaseImage r = RegistryLookups.builder().client(client).build().releaseProvider()
                .lookup(release.pullSpec(), registry.pullSecret());
        ReleaseImage again = RegistryLookups.builder().client(client).build().releaseProvider()
                .lookup(release.pullSpecByDigest(), registry.pullSecret());

        assertThat(r.componentImages()).isEqualTo(release.components());
        assertThat(again.digest()).isEqualTo(release.digest());
        assertThat(registry.tokenRequests().subList(before, registry.tokenRequests().size()))
                .as("one token for both lookups (manifest, config, layer, twice)")
                .containsExactly("granted repository:" + release.releaseRepository() + ":pull");
    }

    @Test
    @DisplayName("When the token service refuses the credentials, it should fail with an auth error naming the "
            + "registry and the user, never the password")
    void refusedCredentials() {
        String auth = Base64.getEncoder().encodeToString("frank:wrong-7d1f".getBytes(StandardCharsets.UTF_8));
        DockerConfig wrong = DockerConfig.parse(("{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"" + auth
                + "\"}}}").getBytes(StandardCharsets.UTF_8), "test");
        assertThatThrownBy(() -> RegistryLookups.builder().client(client()).build().releaseProvider()
                .lookup(release.pullSpec(), wrong))
                .isInstanceOf(ReleaseLookupException.class)
                .hasMessageContaining("unauthorized: registry " + registry.hostPort())
                .hasMessageContaining("the token service at 127.0.0.1 rejected the pull secret's credentials for "
                        + registry.hostPort() + " (user frank): HTTP 401")
                .hasMessageNotContaining("wrong-7d1f").hasMessageNotContaining(auth)
                .cause().isInstanceOf(RegistryAuthException.class);
    }

    @Test
    @DisplayName("When there are no credentials, it should say the registry requires them")
    void anonymousRefused() {
        assertThatThrownBy(() -> RegistryLookups.builder().client(client()).build().releaseProvider()
                .lookup(release.pullSpec(), DockerConfig.empty()))
                .hasMessageContaining("the token service at 127.0.0.1 rejected an anonymous request: HTTP 401");
    }
}
