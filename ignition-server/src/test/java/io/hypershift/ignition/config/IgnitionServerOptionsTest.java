package io.hypershift.ignition.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.ignition.payload.PayloadGenerator;
import io.hypershift.support.cli.UserInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IgnitionServerOptionsTest {
    private static IgnitionServerOptions.Flags flags(String ns, String ro) {
        return new IgnitionServerOptions.Flags(ns, Path.of("tls.crt"), Path.of("tls.key"), ro, null, 9090, ":8080", ":8081",
                null, PayloadGenerator.DEFAULT_NODE_COMPONENTS, Duration.ofMinutes(10), null, List.of());
    }

    @Test
    void whenTheFlagCarriesMirrorsThenRo_theTranslationOverridesShouldListMirrorsFirstThenTheRoTarget() {
        String mirrors = "quay.io/openshift-release-dev=m1.local/ocp,quay.io/openshift-release-dev=m2.local/ocp";
        IgnitionServerOptions o = IgnitionServerOptions.build(flags("ns", mirrors + ",quay.io/openshift-release-dev=ro.local/ocp"),
                Map.of("OPENSHIFT_IMG_OVERRIDES", mirrors));
        assertThat(o.translationOverrides().asMap()).containsExactly(Map.entry("quay.io/openshift-release-dev",
                List.of("m1.local/ocp", "m2.local/ocp", "ro.local/ocp")));
        assertThat(o.translationOverrides().candidates("quay.io/openshift-release-dev/ocp-release@sha256:1"))
                .containsExactly("m1.local/ocp/ocp-release@sha256:1", "m2.local/ocp/ocp-release@sha256:1",
                        "ro.local/ocp/ocp-release@sha256:1", "quay.io/openshift-release-dev/ocp-release@sha256:1");
        assertThat(o.httpsAddress().getPort()).isEqualTo(9090);
    }

    @Test
    void whenOnlyTheEnvIsSet_itShouldStillTranslate() {
        IgnitionServerOptions o = IgnitionServerOptions.build(flags("ns", null), Map.of("OPENSHIFT_IMG_OVERRIDES", "quay.io=m.local"));
        assertThat(o.overridesString()).isEqualTo("quay.io=m.local");
    }

    @Test
    void whenPiecesAreUnparsable_itShouldWarnNamingTheSource() {
        IgnitionServerOptions o = IgnitionServerOptions.build(flags("ns", "x"), Map.of("OPENSHIFT_IMG_OVERRIDES", "quay.io="));
        assertThat(o.warnings()).containsExactly("OPENSHIFT_IMG_OVERRIDES: piece 1 \"quay.io=\" has an empty mirror; skipped",
                "--registry-overrides: piece 1 \"x\" has no '='; skipped");
        assertThat(o.translationOverrides().isEmpty()).isTrue();
    }

    @Test
    void whenNoNamespaceFlagIsGiven_itShouldUsePodNamespaceOrFail() {
        assertThat(IgnitionServerOptions.build(flags(null, null), Map.of("POD_NAMESPACE", "clusters-x")).namespace())
                .isEqualTo("clusters-x");
        assertThatThrownBy(() -> IgnitionServerOptions.build(flags("", null), Map.of()))
                .isInstanceOf(UserInputException.class).hasMessageStartingWith("--namespace: required");
    }

    @Test
    void whenTheTagOverridesAreSet_theyShouldBeTheTagMirrorsAndPartOfThePayloadCacheKey() {
        IgnitionServerOptions without = IgnitionServerOptions.build(flags("ns", null),
                Map.of("OPENSHIFT_IMG_OVERRIDES", "quay.io=m.local"));
        IgnitionServerOptions with = IgnitionServerOptions.build(flags("ns", null),
                Map.of("OPENSHIFT_IMG_OVERRIDES", "quay.io=m.local", "OPENSHIFT_IMG_TAG_OVERRIDES", "quay.io/a=t.local/a"));
        assertThat(without.tagMirrors().isEmpty()).isTrue();
        assertThat(with.tagMirrors().format()).isEqualTo("quay.io/a=t.local/a");
        assertThat(with.translationOverrides()).as("kept apart from the translation overrides")
                .isEqualTo(without.translationOverrides());
        assertThat(without.overridesString()).isEqualTo("quay.io=m.local");
        assertThat(with.overridesString()).isNotEqualTo(without.overridesString());
        assertThat(with.translationOverrides().candidates("quay.io/a/b:1", with.tagMirrors()))
                .containsExactly("t.local/a/b:1", "m.local/a/b:1", "quay.io/a/b:1");
    }

    @Test
    void whenTheTagOverridesDoNotParse_itShouldBeABadInputErrorNamingTheVariable() {
        assertThatThrownBy(() -> IgnitionServerOptions.build(flags("ns", null),
                Map.of("OPENSHIFT_IMG_TAG_OVERRIDES", "quay.io/a=")))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("OPENSHIFT_IMG_TAG_OVERRIDES: piece 1 \"quay.io/a=\" has an empty mirror");
    }
}
