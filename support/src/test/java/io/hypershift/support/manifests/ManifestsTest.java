package io.hypershift.support.manifests;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestsTest {
    @Test
    void whenAKeyRepeatsInADocumentItShouldRejectItAsKubectlDoesInsteadOfKeepingTheLastValue() {
        String yaml = """
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSet
                metadata: {name: d}
                spec:
                  imageDigestMirrors:
                  - source: quay.io/a
                    mirrors: [m.local/a]
                    source: quay.io/b
                """;
        assertThatThrownBy(() -> Manifests.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "dup.yaml"))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("dup.yaml: document 1: unreadable YAML: Duplicate field 'source'")
                .hasMessageContaining("(line 8");
    }

    @Test
    void whenAWalkFailsOnASubdirectory_itShouldBeOneLineNamingIt() {
        var e = new java.io.UncheckedIOException(new java.nio.file.AccessDeniedException("/in/locked"));
        org.assertj.core.api.Assertions.assertThat(Manifests.unreadable(java.nio.file.Path.of("/in"), e))
                .hasMessage("/in: cannot read /in/locked: permission denied");
    }
}
