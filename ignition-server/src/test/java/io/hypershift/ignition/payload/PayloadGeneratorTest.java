package io.hypershift.ignition.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.dataplane.DataPlaneMirrors;
import io.hypershift.support.releaseinfo.ImageLocator;
import io.hypershift.support.releaseinfo.ImageLookupException;
import io.hypershift.support.releaseinfo.LocatedImage;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.StaticReleaseProvider;
import io.hypershift.support.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadGeneratorTest {
    static final String RELEASE = "quay.io/openshift-release-dev/ocp-release@sha256:" + "a".repeat(64);
    static final String ART = "quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:";
    static final String PULL_SECRET = "{\"auths\":{\"mirror.example.com\":{\"auth\":\"dXNlcjpwYXNz\"}}}";

    static ReleaseImage release() {
        return new ReleaseImage(RELEASE, "mirror.example.com/ocp/release@sha256:" + "a".repeat(64), "sha256:" + "a".repeat(64),
                "4.16.0", Map.of("machine-config-operator", ART + "1".repeat(64), "pod", ART + "2".repeat(64),
                        "haproxy-router", ART + "3".repeat(64), "hyperkube", ART + "4".repeat(64)),
                Map.of("io.openshift.release", "4.16.0"));
    }

    /** Every image is served by the first mirror; used where translation is not the subject. */
    static final ImageLocator TO_MIRROR = (image, ps) -> new LocatedImage(image,
            image.replace("quay.io/openshift-release-dev/ocp-v4.0-art-dev", "mirror.example.com/ocp/art-dev"),
            image.substring(image.indexOf('@') + 1));

    static DataPlaneMirrors mirrors() {
        return DataPlaneMirrors.of(List.of(
                new ImageContentSource("quay.io/openshift-release-dev/ocp-v4.0-art-dev", List.of("mirror.example.com/ocp/art-dev")),
                new ImageContentSource("quay.io/openshift-release-dev/ocp-release", List.of("mirror.example.com/ocp/release"))),
                "quay.io/openshift-release-dev/ocp-release");
    }

    private static PayloadGenerator generator(ImageLocator locator) {
        return new PayloadGenerator(new StaticReleaseProvider(Map.of(RELEASE, release())), locator,
                PayloadGenerator.DEFAULT_NODE_COMPONENTS);
    }

    @Test
    void whenEverythingIsFound_itShouldRenderTheThreeFilesDeterministically() throws Exception {
        byte[] payload = generator(TO_MIRROR).generate(RELEASE, PULL_SECRET.getBytes(StandardCharsets.UTF_8), "test", mirrors());
        Map<String, IgnitionDocument.File> files = IgnitionDocument.validate(payload);
        assertThat(files).containsOnlyKeys(NodePayload.REGISTRIES_CONF, NodePayload.KUBELET_PULL_SECRET, NodePayload.RELEASE_JSON);
        assertThat(files.get(NodePayload.KUBELET_PULL_SECRET).mode()).isEqualTo(384);
        assertThat(files.get(NodePayload.KUBELET_PULL_SECRET).text()).isEqualTo(PULL_SECRET);
        assertThat(files.get(NodePayload.REGISTRIES_CONF).mode()).isEqualTo(420);
        assertThat(files.get(NodePayload.REGISTRIES_CONF).text()).contains("blocked = true");
        JsonNode release = new ObjectMapper().readTree(files.get(NodePayload.RELEASE_JSON).contents());
        assertThat(release.get("version").asText()).isEqualTo("4.16.0");
        assertThat(release.get("servedBy").asText()).startsWith("mirror.example.com/ocp/release@");
        assertThat(release.get("components").get("pod").get("image").asText())
                .isEqualTo("mirror.example.com/ocp/art-dev@sha256:" + "2".repeat(64));
        assertThat(release.get("components").get("pod").get("digest").asText()).isEqualTo("sha256:" + "2".repeat(64));
        assertThat(release.get("components").has("hyperkube")).as("only the node's components").isFalse();
        Golden.assertMatches("payload/release.json", files.get(NodePayload.RELEASE_JSON).text());
        Golden.assertMatches("payload/ignition.json", new String(payload, StandardCharsets.UTF_8) + "\n");
        assertThat(generator(TO_MIRROR).generate(RELEASE, PULL_SECRET.getBytes(StandardCharsets.UTF_8), "test", mirrors()))
                .isEqualTo(payload);
    }

    @Test
    void whenTheReleaseLacksANodeComponent_itShouldNameIt() {
        PayloadGenerator g = new PayloadGenerator(new StaticReleaseProvider(Map.of(RELEASE, release())), TO_MIRROR,
                List.of("pod", "coredns"));
        assertThatThrownBy(() -> g.generate(RELEASE, PULL_SECRET.getBytes(StandardCharsets.UTF_8), "test", mirrors()))
                .isInstanceOf(PayloadException.class)
                .hasMessage("release " + RELEASE + " (version 4.16.0) has no component image \"coredns\"");
    }

    @Test
    void whenNoCandidateServesAComponent_itShouldFailNamingTheComponent() {
        ImageLocator none = (image, ps) -> {
            throw new ImageLookupException("image " + image + ": all 2 candidates failed: [a: 404]; [b: refused]", null);
        };
        assertThatThrownBy(() -> generator(none).generate(RELEASE, PULL_SECRET.getBytes(StandardCharsets.UTF_8), "t", mirrors()))
                .isInstanceOf(PayloadException.class).hasMessageStartingWith("component machine-config-operator: image ");
    }

    @Test
    void whenTheReleaseIsUnknownOrThePullSecretBroken_itShouldSaySo() {
        assertThatThrownBy(() -> generator(TO_MIRROR).generate("quay.io/x/y:1", PULL_SECRET.getBytes(StandardCharsets.UTF_8), "t", mirrors()))
                .isInstanceOf(PayloadException.class).hasMessageStartingWith("failed to lookup release image: ");
        assertThatThrownBy(() -> generator(TO_MIRROR).generate(RELEASE, "not json".getBytes(StandardCharsets.UTF_8),
                "Secret ns/pull-secret key .dockerconfigjson", mirrors()))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith("Secret ns/pull-secret key .dockerconfigjson: not valid JSON");
    }
}
