package io.hypershift.support.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.dataplane.DataPlaneMirrors.MirrorSet;
import io.hypershift.support.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The data plane's tag mirrors (annotation {@code hypershift.openshift.io/image-tag-mirrors}): parsed and validated,
 * written as {@code pull-from-mirror = "tag-only"} mirrors and as an ImageTagMirrorSet, followed by the node model.
 */
class DataPlaneTagMirrorsTest {
    static final String DIGEST = "@sha256:" + "a".repeat(64);

    static DataPlaneMirrors mirrors(List<ImageContentSource> sources, String neverContact, String tags) {
        return DataPlaneMirrors.of(sources, neverContact, tags);
    }

    @Test
    void whenTheAnnotationIsAbsent_everythingShouldBeAsBefore() {
        List<ImageContentSource> sources = List.of(new ImageContentSource("quay.io/a", List.of("m.example.com/a")));
        DataPlaneMirrors without = DataPlaneMirrors.of(sources, "quay.io/a");
        assertThat(mirrors(sources, "quay.io/a", null)).isEqualTo(without);
        assertThat(without.tagSets()).isEmpty();
        assertThat(DataPlaneIdms.config(without)).isEqualTo(DataPlaneIdms.yaml(without)).doesNotContain("---");
    }

    @Test
    void whenTheAnnotationNamesTagMirrors_theyShouldBeTagSetsInPriorityOrderAndTheNeverContactListShouldApply() {
        DataPlaneMirrors m = mirrors(List.of(), "quay.io/b",
                "quay.io/b=m1.example.com/b,quay.io/a=m.example.com/a,quay.io/b=m2.example.com/b");
        assertThat(m.warnings()).isEmpty();
        assertThat(m.sets()).isEmpty();
        assertThat(m.isEmpty()).isFalse();
        assertThat(m.tagSets()).containsExactly(new MirrorSet("quay.io/a", List.of("m.example.com/a"), false),
                new MirrorSet("quay.io/b", List.of("m1.example.com/b", "m2.example.com/b"), true));
    }

    @Test
    void whenTheAnnotationHasBadPieces_eachShouldBeAWarningNamingTheAnnotationAndTheRestKept() {
        DataPlaneMirrors m = mirrors(List.of(), "quay.io/zzz",
                "junk,quay.io/a=m.example.com/a,quay.io/b:tag=m.example.com/b,quay.io/c=Not Valid");
        assertThat(m.tagSets()).containsExactly(new MirrorSet("quay.io/a", List.of("m.example.com/a"), false));
        assertThat(m.warnings()).hasSize(4).allSatisfy(w -> assertThat(w).contains("hypershift.openshift.io/image-"));
        assertThat(m.warnings()).anySatisfy(w -> assertThat(w).contains("\"junk\" has no '='"))
                .anySatisfy(w -> assertThat(w).contains("\"quay.io/b:tag\"").contains("tag or digest"))
                .anySatisfy(w -> assertThat(w).contains("quay.io/zzz").contains("is not a source"));
    }

    @Test
    void whenASourceHasDigestAndTagMirrors_itShouldBeOneRegistryWithDigestOnlyThenTagOnlyMirrors() {
        DataPlaneMirrors m = mirrors(List.of(new ImageContentSource("quay.io/ocp", List.of("d.example.com/ocp"))), null,
                "quay.io/ocp=t.example.com/ocp,registry.redhat.io/ubi9=t.example.com/ubi9");
        String toml = RegistriesConf.render(m);
        Golden.assertMatches("registries-conf/tag-mirrors.toml", toml);
        NodeRegistries node = NodeRegistries.parse(toml);
        assertThat(node.pull("quay.io/ocp/release:4.16").contacted())
                .containsExactly("t.example.com/ocp/release:4.16", "quay.io/ocp/release:4.16");
        assertThat(node.pull("quay.io/ocp/release" + DIGEST).contacted())
                .containsExactly("d.example.com/ocp/release" + DIGEST, "quay.io/ocp/release" + DIGEST);
        assertThat(node.pull("registry.redhat.io/ubi9/ubi" + DIGEST).contacted())
                .containsExactly("registry.redhat.io/ubi9/ubi" + DIGEST);
    }

    @Test
    void whenATagSourceIsNestedInADigestSource_itShouldKeepTheEnclosingDigestMirrors() {
        // without the inherited digest mirror, the longer quay.io/ocp/tools prefix would hide quay.io/ocp's mirror
        DataPlaneMirrors m = mirrors(List.of(new ImageContentSource("quay.io/ocp", List.of("d.example.com/ocp"))), null,
                "quay.io/ocp/tools=t.example.com/tools");
        NodeRegistries node = NodeRegistries.parse(RegistriesConf.render(m));
        assertThat(node.pull("quay.io/ocp/tools/cli" + DIGEST).contacted())
                .containsExactly("d.example.com/ocp/tools/cli" + DIGEST, "quay.io/ocp/tools/cli" + DIGEST);
        assertThat(node.pull("quay.io/ocp/tools/cli:1").contacted())
                .containsExactly("t.example.com/tools/cli:1", "quay.io/ocp/tools/cli:1");
    }

    @Test
    void whenATagSourceIsNeverContactSource_itsRegistryShouldBeBlocked() {
        DataPlaneMirrors m = mirrors(List.of(), "quay.io/ocp", "quay.io/ocp=t.example.com/ocp");
        NodeRegistries node = NodeRegistries.parse(RegistriesConf.render(m));
        NodePull pull = node.pull("quay.io/ocp/release:4.16");
        assertThat(pull.contacted()).containsExactly("t.example.com/ocp/release:4.16");
    }

    @Test
    void whenThereAreTagMirrors_theConfigShouldHoldTheIdmsThenAnItms() {
        DataPlaneMirrors m = mirrors(List.of(new ImageContentSource("quay.io/ocp", List.of("d.example.com/ocp"))),
                "quay.io/ocp", "quay.io/ocp=t.example.com/ocp");
        assertThat(DataPlaneIdms.config(m)).isEqualTo(DataPlaneIdms.yaml(m) + "---\n" + """
                apiVersion: config.openshift.io/v1
                kind: ImageTagMirrorSet
                metadata:
                  name: cluster
                spec:
                  imageTagMirrors:
                    - source: quay.io/ocp
                      mirrors:
                        - t.example.com/ocp
                      mirrorSourcePolicy: NeverContactSource
                """);
        DataPlaneMirrors tagsOnly = mirrors(List.of(), null, "quay.io/ocp=t.example.com/ocp");
        assertThat(DataPlaneIdms.config(tagsOnly)).startsWith("apiVersion: config.openshift.io/v1\nkind: ImageTagMirrorSet");
    }
}
