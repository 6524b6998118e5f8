package io.hypershift.support.registryoverride;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSetBuilder;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrors;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorsBuilder;
import io.hypershift.support.manifests.Policies;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tag mirrors (ImageTagMirrorSets): how they are built, and the candidates of a lookup with them. */
class TagMirrorsTest {
    private static final String SHA = "sha256:" + "d".repeat(64);
    private static final MirrorOverrides DIGEST = MirrorOverrides.of(Map.of("quay.io/ocp", List.of("digest.local/ocp")));
    private static final MirrorOverrides TAG = MirrorOverrides.of(Map.of("quay.io/ocp", List.of("tag.local/ocp")));
    private static final MirrorOverrides TAG_NEVER_SOURCE =
            MirrorOverrides.of(Map.of("quay.io/ocp", List.of("tag.local/ocp")), Set.of("quay.io/ocp"));

    static ImageTagMirrorSet itms(String name, ImageTagMirrors... entries) {
        return new ImageTagMirrorSetBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).build())
                .withNewSpec().withImageTagMirrors(entries).endSpec()
                .build();
    }

    static ImageTagMirrors entry(String source, String policy, String mirror) {
        return new ImageTagMirrorsBuilder().withSource(source).withMirrorSourcePolicy(policy).withMirrors(mirror).build();
    }

    static Stream<Arguments> candidates() {
        return Stream.of(
                Arguments.of("a tag reference has a tag mirror", "it should try the tag mirror, then the digest mirror, then the source",
                        DIGEST, TAG, "quay.io/ocp/release:4.16",
                        List.of("tag.local/ocp/release:4.16", "digest.local/ocp/release:4.16", "quay.io/ocp/release:4.16")),
                Arguments.of("a digest reference has a tag mirror", "it should never use the tag mirror",
                        DIGEST, TAG, "quay.io/ocp/release@" + SHA,
                        List.of("digest.local/ocp/release@" + SHA, "quay.io/ocp/release@" + SHA)),
                Arguments.of("the tag source is NeverContactSource", "it should leave the source out for tags only",
                        DIGEST, TAG_NEVER_SOURCE, "quay.io/ocp/release:4.16",
                        List.of("tag.local/ocp/release:4.16", "digest.local/ocp/release:4.16")),
                Arguments.of("there are only tag mirrors", "it should try them, then the source",
                        MirrorOverrides.empty(), TAG, "quay.io/ocp/release:4.16",
                        List.of("tag.local/ocp/release:4.16", "quay.io/ocp/release:4.16")),
                Arguments.of("no tag source matches", "it should give the digest candidates alone",
                        DIGEST, MirrorOverrides.of(Map.of("docker.io/x", List.of("tag.local/x"))), "quay.io/ocp/release:4.16",
                        List.of("digest.local/ocp/release:4.16", "quay.io/ocp/release:4.16")),
                Arguments.of("there are no tag mirrors", "it should give exactly the candidates without them",
                        DIGEST, MirrorOverrides.empty(), "quay.io/ocp/release:4.16", DIGEST.candidates("quay.io/ocp/release:4.16")));
    }

    @ParameterizedTest(name = "When {0}, {1}")
    @MethodSource
    void candidates(String when, String should, MirrorOverrides digest, MirrorOverrides tag, String image, List<String> want) {
        assertThat(digest.candidates(image, tag)).containsExactlyElementsOf(want);
    }

    @Test
    void whenImageTagMirrorSetsAreBuilt_theyShouldGiveTagMirrorsInNameOrderWithTheirPolicyAndNeverTheDigestMirrors() {
        Policies p = new Policies();
        p.add(itms("b", entry("quay.io/ocp", "AllowContactingSource", "second.local/ocp")), null);
        p.add(itms("a", entry("quay.io/ocp", "NeverContactSource", "first.local/ocp"),
                entry("docker.io/x", "Sometimes", "m.local/x")), null);

        MirrorOverridesBuilder.Result tags = MirrorOverridesBuilder.buildTagMirrors(p);

        assertThat(tags.overrides().asMap()).containsExactly(Map.entry("docker.io/x", List.of("m.local/x")),
                Map.entry("quay.io/ocp", List.of("first.local/ocp", "second.local/ocp")));
        assertThat(tags.overrides().neverContactSources()).containsExactly("quay.io/ocp");
        assertThat(tags.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.isError()).isTrue();
            assertThat(problem.describe()).isEqualTo("ImageTagMirrorSet/a: spec.imageTagMirrors[1].mirrorSourcePolicy: "
                    + "unknown policy \"Sometimes\" (want NeverContactSource or AllowContactingSource); the source may still be contacted");
        });
        assertThat(MirrorOverridesBuilder.build(p).overrides().isEmpty()).as("ITMS never feed the digest mirrors").isTrue();
    }
}
