package io.hypershift.ignition.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
    static Secret tokenSecret(String name, String... kv) {
        Map<String, String> data = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            data.put(kv[i], Base64.getEncoder().encodeToString(kv[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withData(data).build();
    }

    @Test
    void whenATokenIsKnown_itShouldMatchItsSecretAndNothingElse() {
        TokenStore s = new TokenStore();
        s.put(tokenSecret("a", "token", "alpha"));
        s.put(tokenSecret("b", "token", "bravo", "release", "quay.io/r@sha256:1"));
        assertThat(s.authenticate("alpha")).get().extracting(TokenStore.TokenMatch::secretName).isEqualTo("a");
        assertThat(s.authenticate("bravo")).get().satisfies(m -> {
            assertThat(m.secretName()).isEqualTo("b");
            assertThat(m.releaseImage()).isEqualTo("quay.io/r@sha256:1");
            assertThat(m.tokenHash()).isEqualTo(HexFormat.of().formatHex(TokenStore.sha256("bravo")));
        });
        assertThat(s.authenticate("alph")).isEmpty();
        assertThat(s.authenticate("alphaa")).isEmpty();
        assertThat(s.authenticate("")).isEmpty();
        assertThat(s.authenticate(null)).isEmpty();
        assertThat(s.size()).isEqualTo(2);
    }

    @Test
    void whenATokenIsRotated_itShouldAcceptTheNewOneAndTheOldOneOnlyWhileOldTokenHoldsIt() {
        TokenStore s = new TokenStore();
        s.put(tokenSecret("t", "token", "one"));
        s.put(tokenSecret("t", "token", "two", "old_token", "one"));
        assertThat(s.authenticate("one")).isPresent();
        assertThat(s.authenticate("two")).isPresent();
        s.put(tokenSecret("t", "token", "two"));
        assertThat(s.authenticate("one")).isEmpty();
        assertThat(s.authenticate("two")).isPresent();
    }

    @Test
    void whenASecretIsRemovedOrHasNoToken_itShouldAuthenticateNothing() {
        TokenStore s = new TokenStore();
        s.put(tokenSecret("t", "token", "one"));
        s.remove("t");
        assertThat(s.authenticate("one")).isEmpty();
        s.put(tokenSecret("empty"));
        assertThat(s.size()).isZero();
        s.replaceAll(List.of(tokenSecret("x", "token", "xray\n")));
        assertThat(s.authenticate("xray")).isPresent();
    }

    @Test
    void whenTheSecretUsesStringData_itShouldReadIt() {
        TokenStore s = new TokenStore();
        s.put(new SecretBuilder().withNewMetadata().withName("sd").endMetadata()
                .withStringData(Map.of("token", "plain")).build());
        assertThat(s.authenticate("plain")).isPresent();
    }

    @Test
    void whenTheHeaderIsNotABearerToken_itShouldGiveNoToken() {
        assertThat(IgnitionHandler.bearer("Bearer abc")).hasValue("abc");
        assertThat(IgnitionHandler.bearer("bearer abc")).hasValue("abc");
        assertThat(IgnitionHandler.bearer("Basic abc")).isEmpty();
        assertThat(IgnitionHandler.bearer("Bearer ")).isEmpty();
        assertThat(IgnitionHandler.bearer("Bearer a b")).isEmpty();
        assertThat(IgnitionHandler.bearer(null)).isEmpty();
    }
}
