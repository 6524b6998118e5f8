package io.hypershift.support.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.dataplane.DataPlaneMirrors.MirrorSet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataPlaneMirrorsTest {
    private static ImageContentSource ics(String source, String... mirrors) {
        return new ImageContentSource(source, Arrays.asList(mirrors));
    }

    @Test
    void whenThereAreNoSources_itShouldBeEmptyWithoutWarnings() {
        assertThat(DataPlaneMirrors.of(null, null).isEmpty()).isTrue();
        assertThat(DataPlaneMirrors.of(List.of(), "").warnings()).isEmpty();
    }

    @Test
    void whenSourcesAreValid_itShouldKeepThemInOrderWithTheirMirrors() {
        DataPlaneMirrors m = DataPlaneMirrors.of(List.of(
                ics("quay.io/openshift-release-dev/ocp-v4.0-art-dev", "m1.example.com/ocp", "m2.example.com/ocp"),
                ics("*.example.org", "m3.example.com"),
                ics("registry.redhat.io")), null);
        assertThat(m.sets()).containsExactly(
                new MirrorSet("quay.io/openshift-release-dev/ocp-v4.0-art-dev", List.of("m1.example.com/ocp", "m2.example.com/ocp"), false),
                new MirrorSet("*.example.org", List.of("m3.example.com"), false),
                new MirrorSet("registry.redhat.io", List.of(), false));
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void whenTheAnnotationNamesASource_itShouldMarkItNeverContactSource() {
        DataPlaneMirrors m = DataPlaneMirrors.of(List.of(ics("quay.io/a", "m/a"), ics("quay.io/b", "m/b")),
                " quay.io/b , ,");
        assertThat(m.sets()).extracting(MirrorSet::neverContactSource).containsExactly(false, true);
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void whenTheAnnotationNamesAnUnknownSource_itShouldWarnAndIgnoreIt() {
        DataPlaneMirrors m = DataPlaneMirrors.of(List.of(ics("quay.io/a", "m/a")), "quay.io");
        assertThat(m.sets()).extracting(MirrorSet::neverContactSource).containsExactly(false);
        assertThat(m.warnings()).singleElement().asString()
                .contains("image-content-sources-never-contact-source").contains("\"quay.io\"");
    }

    @Test
    void whenEntriesAreInvalid_itShouldLeaveThemOutAndNameTheField() {
        DataPlaneMirrors m = DataPlaneMirrors.of(Arrays.asList(
                ics(""),
                ics("quay.io/a:latest", "m/a"),
                ics("Bad Source", "m/a"),
                ics("quay.io/ok", "m@sha256:0000000000000000000000000000000000000000000000000000000000000000", "*.x.com", "good/m"),
                null), null);
        assertThat(m.sets()).containsExactly(new MirrorSet("quay.io/ok", List.of("good/m"), false));
        assertThat(m.warnings()).hasSize(6);
        assertThat(m.warnings().get(0)).startsWith("spec.imageContentSources[0].source: empty");
        assertThat(m.warnings().get(1)).startsWith("spec.imageContentSources[1].source: \"quay.io/a:latest\" has a tag or digest");
        assertThat(m.warnings().get(2)).startsWith("spec.imageContentSources[2].source: \"Bad Source\" is not a valid source");
        assertThat(m.warnings().get(3)).startsWith("spec.imageContentSources[3].mirrors[0]:");
        assertThat(m.warnings().get(4)).startsWith("spec.imageContentSources[3].mirrors[1]:");
        assertThat(m.warnings().get(5)).startsWith("spec.imageContentSources[4].source: empty");
    }
}
