package io.hypershift.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseInfoJson;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.support.testing.ReleaseFixture;
import io.hypershift.support.testing.Skopeo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code release-info} against real registries: Debian docker-registry on 127.0.0.1, TLS with a test CA and auth. */
class ReleaseInfoCommandTest {
    @RegisterExtension
    static final LocalRegistry source = LocalRegistry.named("source").tls().auth("dave", "source-pw");
    @RegisterExtension
    static final LocalRegistry mirror = LocalRegistry.named("mirror").tls().auth("dave", "mirror-pw");

    static ReleaseFixture.Release release;

    @TempDir
    Path dir;

    @BeforeAll
    static void push() {
        release = ReleaseFixture.builder().version("4.18.2").components(2).pushTo(source);
        // mirror it the way oc-mirror does: same repository paths, digests preserved
        Skopeo.copy(release.pullSpec(), source, release.pullSpec().replace(source.hostPort(), mirror.hostPort()), mirror);
        release.components().forEach((name, spec) -> Skopeo.copy(spec, source,
                spec.replace(source.hostPort(), mirror.hostPort()).replaceAll("@sha256:.*", ":" + name), mirror));
    }

    @AfterEach
    void restart() throws IOException {
        source.restart();
    }

    Path pullSecret() throws IOException {
        String a = source.authJson().replaceAll("^\\{\"auths\": \\{|}}$", "");
        String b = mirror.authJson().replaceAll("^\\{\"auths\": \\{|}}$", "");
        return Files.writeString(dir.resolve("pull-secret.json"), "{\"auths\": {" + a + "," + b + "}}");
    }

    String overrides() {
        return release.namespace(source.hostPort()) + "=" + release.namespace(mirror.hostPort());
    }

    @Test
    @DisplayName("When the source is down, it should print exactly one JSON object naming the mirror that served it")
    void jsonThroughMirror() throws Exception {
        source.stop();
        CliRun run = CliRun.of("release-info", "--image", release.pullSpec(), "--mirror-overrides", overrides(),
                "--pull-secret", pullSecret().toString(), "--ca-file", source.caFile().toString(), "--output", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.fieldNames()).toIterable().containsExactly("image", "servedBy", "digest", "version", "components");
        assertThat(json.get("image").asText()).isEqualTo(release.pullSpec());
        assertThat(json.get("servedBy").asText()).isEqualTo(release.pullSpec().replace(source.hostPort(), mirror.hostPort()));
        assertThat(json.get("digest").asText()).isEqualTo(release.digest());
        assertThat(json.get("version").asText()).isEqualTo("4.18.2");
        assertThat(json.get("components").get("component-1").asText())
                .isEqualTo(release.components().get("component-1").replace(source.hostPort(), mirror.hostPort()));
        // render --release-image-info reads the same JSON back
        Path file = Files.writeString(dir.resolve("release.json"), run.out());
        ReleaseImage back = ReleaseInfoJson.read(file);
        assertThat(back.servedBy()).isEqualTo(json.get("servedBy").asText());
        assertThat(back.componentImages()).hasSize(2);
    }

    @Test
    @DisplayName("When the output is text, it should print version, served-by, digest and the components after RO")
    void textWithRegistryOverrides() throws Exception {
        CliRun run = CliRun.of("release-info", "--image", release.pullSpecByDigest(), "--registry-overrides",
                overrides(), "--pull-secret", pullSecret().toString(), "--ca-file", source.caFile().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("version:    4.18.2")
                .contains("served by:  " + release.pullSpecByDigest().replace(source.hostPort(), mirror.hostPort()))
                .contains("digest:     " + release.digest())
                .contains("  component-0  " + release.components().get("component-0")
                        .replace(source.hostPort(), mirror.hostPort()));
    }

    @Test
    @DisplayName("When every candidate fails, it should exit 1 and list each candidate with its reason")
    void allCandidatesFail() throws Exception {
        CliRun run = CliRun.of("release-info", "--image", release.pullSpec(), "--mirror-overrides", overrides(),
                "--pull-secret", pullSecret().toString()); // no --ca-file: TLS fails everywhere

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("hypershift-operator: error: release image " + release.pullSpec()
                        + ": all 2 candidates failed")
                .contains("[" + release.pullSpec().replace(source.hostPort(), mirror.hostPort()) + ": TLS handshake")
                .contains("[" + release.pullSpec() + ": TLS handshake with registry " + source.hostPort())
                .doesNotContain("mirror-pw").doesNotContain("source-pw");
    }

    @Test
    @DisplayName("When the input is bad, it should exit 2 with one line naming the flag")
    void badInput() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"auths\": {\"x\": {\"auth\": \"!!\"}}}");
        Object[][] cases = {
            {new String[] {"--image", "Not/A/Valid:Ref"}, "--image: invalid image reference \"Not/A/Valid:Ref\""},
            {new String[] {"--image", release.pullSpec(), "--pull-secret", dir.resolve("none.json").toString()},
                "--pull-secret " + dir.resolve("none.json") + ": no such file"},
            {new String[] {"--image", release.pullSpec(), "--pull-secret", broken.toString()}, "auths[\"x\"].auth: not valid base64"},
            {new String[] {"--image", release.pullSpec(), "--ca-file", broken.toString()}, "not a PEM certificate bundle"},
            {new String[] {"--image", release.pullSpec(), "--platform", "amd64"}, "--platform: platform \"amd64\""},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            String[] full = new String[args.length + 1];
            full[0] = "release-info";
            System.arraycopy(args, 0, full, 1, args.length);
            CliRun run = CliRun.of(full);
            assertThat(run.exitCode()).as(String.join(" ", full) + "\n" + run.err()).isEqualTo(2);
            assertThat(run.err()).contains((String) c[1]);
            assertThat(run.err().strip().lines()).hasSize(1);
        }
    }
}
