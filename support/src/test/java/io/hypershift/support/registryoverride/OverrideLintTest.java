package io.hypershift.support.registryoverride;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverrideLintTest {
    @Test
    void whenEveryEntryIsAReference_itShouldFindNothing() {
        MirrorOverrides m = OverrideCodec.parseMirrors(
                "quay.io/openshift-release-dev/ocp-release=mirror.local:5000/ocp/release,*.example.com=m.local").value();
        assertThat(OverrideLint.invalidEntries(m)).isEmpty();
        assertThat(OverrideLint.invalidEntries(RegistryOverrides.of(Map.of("quay.io/a", "m.local/a")))).isEmpty();
    }

    @Test
    void whenASourceOrMirrorIsNotAReference_itShouldNameItAndWhy() {
        MirrorOverrides m = OverrideCodec.parseMirrors("quay.io/UPPER=m.local/x,quay.io/ok=m.local/x:tag").value();
        List<String> found = OverrideLint.invalidEntries(m);
        assertThat(found).hasSize(2);
        assertThat(found.get(0)).startsWith("source \"quay.io/UPPER\": ");
        assertThat(found.get(1)).startsWith("mirror of quay.io/ok \"m.local/x:tag\": ")
                .contains("without a tag or digest");
    }

    @Test
    void whenARegistryOverrideTargetIsAWildcard_itShouldBeNamed() {
        assertThat(OverrideLint.invalidEntries(RegistryOverrides.of(Map.of("quay.io/a", "*.m.local"))))
                .singleElement().asString().startsWith("target of quay.io/a \"*.m.local\": ");
    }
}
