package io.hypershift.cpo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.cli.UserInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpoOptionsTest {
    private static CpoOptions.Flags flags(String ns, String ro) {
        return new CpoOptions.Flags(ns, ro, null, ":8080", ":8081", null, List.of());
    }

    @Test
    void whenEnvAndFlagAreSet_mirrorsShouldComeFromTheEnvAndRoFromTheFlag() {
        CpoOptions o = CpoOptions.build(flags("ns", "quay.io=ro.local,registry.redhat.io=ro.local/rh"),
                Map.of("OPENSHIFT_IMG_OVERRIDES", "quay.io=m1.local,quay.io=m2.local"));
        assertThat(o.mirrors().asMap()).containsExactly(Map.entry("quay.io", List.of("m1.local", "m2.local")));
        assertThat(o.registryOverrides().rewrite("quay.io/a/b:1")).isEqualTo("ro.local/a/b:1");
        assertThat(o.registryOverrides().rewrite("registry.redhat.io/x:1")).isEqualTo("ro.local/rh/x:1");
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void whenPiecesAreUnparsable_itShouldKeepTheRestAndWarnNamingTheSource() {
        CpoOptions o = CpoOptions.build(flags("ns", "quay.io=ro.local,oops"),
                Map.of("OPENSHIFT_IMG_OVERRIDES", "=,junk,quay.io=m1.local,a="));
        assertThat(o.mirrors().asMap()).containsOnlyKeys("quay.io");
        assertThat(o.warnings()).containsExactly(
                "--registry-overrides: piece 2 \"oops\" has no '='; skipped",
                "OPENSHIFT_IMG_OVERRIDES: piece 1 \"=\" has an empty source; skipped",
                "OPENSHIFT_IMG_OVERRIDES: piece 2 \"junk\" has no '='; skipped",
                "OPENSHIFT_IMG_OVERRIDES: piece 4 \"a=\" has an empty mirror; skipped");
    }

    @Test
    void whenTheEnvIsEmptyOrTheLiteralEquals_thereShouldBeNoMirrors() {
        CpoOptions o = CpoOptions.build(flags("ns", "="), Map.of("OPENSHIFT_IMG_OVERRIDES", "="));
        assertThat(o.mirrors().isEmpty()).isTrue();
        assertThat(o.registryOverrides().isEmpty()).isTrue();
        assertThat(CpoOptions.build(flags("ns", null), Map.of()).mirrors().isEmpty()).isTrue();
    }

    @Test
    void whenNoNamespaceFlagIsGiven_itShouldUsePodNamespaceOrFail() {
        assertThat(CpoOptions.build(flags(null, null), Map.of("POD_NAMESPACE", "clusters-x")).namespace()).isEqualTo("clusters-x");
        assertThatThrownBy(() -> CpoOptions.build(flags(null, null), Map.of()))
                .isInstanceOf(UserInputException.class).hasMessageStartingWith("--namespace: required");
    }

    @Test
    void whenABindAddressIsBad_itShouldNameTheFlag() {
        assertThatThrownBy(() -> CpoOptions.build(new CpoOptions.Flags("ns", null, null, "8080", ":8081", null, List.of()), Map.of()))
                .isInstanceOf(UserInputException.class).hasMessageStartingWith("--metrics-bind-address:");
    }

    @Test
    void whenTheTagOverridesAreSet_theyShouldBeTheTagMirrorsApartFromTheMirrors() {
        CpoOptions o = CpoOptions.build(flags("ns", "="), Map.of("OPENSHIFT_IMG_OVERRIDES", "quay.io=digest.local",
                "OPENSHIFT_IMG_TAG_OVERRIDES", "quay.io/a=tag1.local/a,quay.io/a=tag2.local/a"));
        assertThat(o.mirrors().format()).isEqualTo("quay.io=digest.local");
        assertThat(o.tagMirrors().asMap()).containsExactly(Map.entry("quay.io/a", List.of("tag1.local/a", "tag2.local/a")));
        assertThat(o.mirrors().candidates("quay.io/a/b:1", o.tagMirrors())).containsExactly("tag1.local/a/b:1",
                "tag2.local/a/b:1", "digest.local/a/b:1", "quay.io/a/b:1");
        assertThat(CpoOptions.build(flags("ns", "="), Map.of()).tagMirrors().isEmpty()).as("absent: none").isTrue();
    }

    @Test
    void whenTheTagOverridesDoNotParse_itShouldBeABadInputErrorNamingTheVariable() {
        assertThatThrownBy(() -> CpoOptions.build(flags("ns", "="),
                Map.of("OPENSHIFT_IMG_TAG_OVERRIDES", "quay.io/a=m.local,junk")))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("OPENSHIFT_IMG_TAG_OVERRIDES: piece 2 \"junk\" has no '='");
    }
}
