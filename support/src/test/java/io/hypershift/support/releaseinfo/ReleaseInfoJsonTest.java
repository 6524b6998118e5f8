package io.hypershift.support.releaseinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.manifests.ManifestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseInfoJsonTest {
    @TempDir
    Path dir;

    @Test
    void whenWrittenAndReadItShouldRoundTrip() throws IOException {
        ReleaseImage r = new ReleaseImage("quay.io/ocp/release:4.16", "mirror.local/ocp/release:4.16", "sha256:" + "1".repeat(64),
                "4.16.0", Map.of("kube-apiserver", "mirror.local/ocp/x@sha256:" + "2".repeat(64)), Map.of());
        Path f = dir.resolve("r.json");
        Files.writeString(f, ReleaseInfoJson.write(r));
        assertThat(ReleaseInfoJson.read(f)).isEqualTo(r);
    }

    @Test
    void whenAFieldIsWrongItShouldNameTheFileAndField() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"image\": \"x\", \"version\": \"4.16.0\", \"components\": {\"a\": 1}}");
        assertThatThrownBy(() -> ReleaseInfoJson.read(f)).isInstanceOf(ManifestException.class)
                .hasMessage(f + ": components.a: not a pull spec string");
        Files.writeString(f, "{\"image\": \"x\"}");
        assertThatThrownBy(() -> ReleaseInfoJson.read(f)).hasMessage(f + ": version: missing");
    }
}
