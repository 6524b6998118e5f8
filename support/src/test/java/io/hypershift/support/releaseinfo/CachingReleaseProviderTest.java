package io.hypershift.support.releaseinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachingReleaseProviderTest {
    private static final String IMAGE = "quay.io/openshift-release-dev/ocp-release@sha256:" + "a".repeat(64);

    private static DockerConfig secret(String password) {
        String auth = java.util.Base64.getEncoder().encodeToString(("u:" + password).getBytes(StandardCharsets.UTF_8));
        return DockerConfig.parse(("{\"auths\":{\"quay.io\":{\"auth\":\"" + auth + "\"}}}")
                .getBytes(StandardCharsets.UTF_8), "test");
    }

    /** Serves the release only to the credentials "right"; records every lookup. */
    private static final class Gate implements ReleaseProvider {
        final List<DockerConfig> asked = new ArrayList<>();
        final ReleaseImage release = new ReleaseImage(IMAGE, IMAGE, "sha256:" + "a".repeat(64), "4.17.0",
                Map.of("pod", "quay.io/x/pod@sha256:" + "b".repeat(64)), Map.of());

        @Override
        public synchronized ReleaseImage lookup(String image, DockerConfig pullSecret) throws ReleaseLookupException {
            asked.add(pullSecret);
            if (!pullSecret.equals(secret("right"))) {
                throw new ReleaseLookupException(image + ": unauthorized", "LookupFailed", null);
            }
            return release;
        }
    }

    @Test
    void whenTheSameCredentialsAskAgain_itShouldServeTheCachedRelease() throws Exception {
        Gate gate = new Gate();
        CachingReleaseProvider cached = new CachingReleaseProvider(gate, new MutableClock(), Duration.ofMinutes(10));
        assertThat(cached.lookup(IMAGE, secret("right"))).isSameAs(gate.release);
        assertThat(cached.lookup(IMAGE, secret("right"))).isSameAs(gate.release);
        assertThat(gate.asked).hasSize(1);
    }

    @Test
    void whenOtherCredentialsAsk_theyShouldNotGetAnotherTenantsSuccess() throws Exception {
        Gate gate = new Gate();
        CachingReleaseProvider cached = new CachingReleaseProvider(gate, new MutableClock(), Duration.ofMinutes(10));
        cached.lookup(IMAGE, secret("right"));
        assertThatThrownBy(() -> cached.lookup(IMAGE, secret("wrong"))).isInstanceOf(ReleaseLookupException.class)
                .hasMessageContaining("unauthorized");
        assertThatThrownBy(() -> cached.lookup(IMAGE, DockerConfig.empty())).isInstanceOf(ReleaseLookupException.class);
        assertThat(gate.asked).hasSize(3);
    }

    @Test
    void whenConfigsDifferOnlyInAPassword_theirFingerprintsShouldDiffer() {
        assertThat(secret("a").fingerprint()).isEqualTo(secret("a").fingerprint())
                .isNotEqualTo(secret("b").fingerprint()).isNotEqualTo(DockerConfig.empty().fingerprint())
                .hasSize(64);
    }
}
