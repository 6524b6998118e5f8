package io.hypershift.operator.controllers.hostedcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.hypershift.api.Annotations;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedClusterSpec;
import io.hypershift.api.v1beta1.HostedClusterStatus;
import io.hypershift.api.v1beta1.ImageContentSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DataPlaneMirrorsCheckTest {
    static HostedCluster hc(String neverContact, ImageContentSource... sources) {
        HostedCluster hc = new HostedCluster();
        hc.setMetadata(new ObjectMetaBuilder().withName("example").withNamespace("clusters").withGeneration(3L)
                .withAnnotations(neverContact == null ? Map.of()
                        : Map.of(Annotations.IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE, neverContact)).build());
        HostedClusterSpec spec = new HostedClusterSpec();
        spec.setImageContentSources(List.of(sources));
        hc.setSpec(spec);
        return hc;
    }

    static ImageContentSource ics(String source, String... mirrors) {
        return new ImageContentSource(source, Arrays.asList(mirrors));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("the entries are clean", hc(null, ics("quay.io/ocp", "mirror.example.com/ocp")),
                        Conditions.TRUE, Conditions.AS_EXPECTED, "dataplane resolve"),
                Arguments.of("a mirror has no registry host", hc(null, ics("quay.io/ocp", "mirror/art-dev")),
                        Conditions.FALSE, Conditions.DATA_PLANE_MIRROR_HAZARDS,
                        "spec.imageContentSources[0].mirrors[0]: mirror \"mirror/art-dev\" has no registry host"),
                Arguments.of("a NeverContactSource source has no mirror", hc("quay.io/air", ics("quay.io/air")),
                        Conditions.FALSE, Conditions.DATA_PLANE_MIRROR_HAZARDS, "spec.imageContentSources[0].source"),
                Arguments.of("a bare-host source has a mirror with a path (nodes only differ for host:port images)",
                        hc(null, ics("registry.redhat.io", "mirror.example.com/redhat")),
                        Conditions.TRUE, Conditions.DATA_PLANE_MIRROR_WARNINGS,
                        "spec.imageContentSources[0].source: on the nodes, source registry.redhat.io also matches"),
                Arguments.of("the annotation names no source", hc("quay.io/nowhere", ics("quay.io/ocp", "m.example.com/ocp")),
                        Conditions.FALSE, Conditions.INVALID_DATA_PLANE_MIRRORS, "is not a source in spec.imageContentSources"),
                Arguments.of("an entry carries a control character", hc(null, ics("quay.io/ocp", "m.example.com/a\u0007b")),
                        Conditions.FALSE, Conditions.INVALID_DATA_PLANE_MIRRORS, "m.example.com/a?b"));
    }

    @ParameterizedTest(name = "When {0}, ValidDataPlaneMirrors should say so")
    @MethodSource("cases")
    void condition(String when, HostedCluster hc, String status, String reason, String fragment) {
        DataPlaneMirrorsCheck.Result r = DataPlaneMirrorsCheck.check(hc);
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.message()).contains(fragment).doesNotContainPattern("\\p{Cntrl}");
    }

    @Test
    void whenOnlyWarningsAppear_aWarningEventShouldStillBeRecorded() {
        HostedCluster hc = hc(null, ics("registry.redhat.io", "mirror.example.com/redhat"));
        DataPlaneMirrorsCheck.Result r = DataPlaneMirrorsCheck.check(hc);
        HostedClusterStatus next = new HostedClusterStatus();
        next.setConditions(List.of(new ConditionBuilder().withType(Conditions.VALID_DATA_PLANE_MIRRORS)
                .withStatus(r.status()).withReason(r.reason()).withMessage(r.message()).build()));
        EventRecorder events = mock(EventRecorder.class);
        HostedClusterStatusUpdate.report(hc, next, events);
        verify(events).warning(eq(hc), eq(Conditions.DATA_PLANE_MIRROR_WARNINGS), startsWith("the nodes pull"));
    }

    @Test
    void whenAMessageIsHuge_itShouldBeCutWithANote() {
        String huge = DataPlaneMirrorsCheck.bounded("x".repeat(10_000));
        assertThat(huge).hasSizeLessThanOrEqualTo(DataPlaneMirrorsCheck.MAX_MESSAGE).endsWith("(truncated; see mirror-policy lint)");
    }

    @Test
    void whenTheConditionTurnsFalse_aWarningEventShouldBeRecordedOnce() {
        HostedCluster hc = hc(null, ics("quay.io/ocp", "mirror/art-dev"));
        DataPlaneMirrorsCheck.Result r = DataPlaneMirrorsCheck.check(hc);
        Condition falseNow = new ConditionBuilder().withType(Conditions.VALID_DATA_PLANE_MIRRORS).withStatus(r.status())
                .withReason(r.reason()).withMessage(r.message()).build();
        HostedClusterStatus next = new HostedClusterStatus();
        next.setConditions(List.of(falseNow));
        EventRecorder events = mock(EventRecorder.class);
        HostedClusterStatusUpdate.report(hc, next, events);
        verify(events).warning(eq(hc), eq(Conditions.DATA_PLANE_MIRROR_HAZARDS), startsWith("spec.imageContentSources[0]"));

        hc.setStatus(next);
        EventRecorder again = mock(EventRecorder.class);
        HostedClusterStatusUpdate.report(hc, next, again);
        verify(again, never()).warning(eq(hc), eq(Conditions.DATA_PLANE_MIRROR_HAZARDS), startsWith("spec"));
    }

    @Test
    void whenTheTagMirrorsAnnotationHasABadPiece_theConditionShouldBeFalseNamingTheAnnotation() {
        HostedCluster bad = hc(null, ics("quay.io/ocp", "mirror.example.com/ocp"));
        bad.getMetadata().setAnnotations(Map.of(Annotations.IMAGE_TAG_MIRRORS, "quay.io/ocp=tags.example.com/ocp,junk"));
        DataPlaneMirrorsCheck.Result r = DataPlaneMirrorsCheck.check(bad);
        assertThat(r.status()).isEqualTo(Conditions.FALSE);
        assertThat(r.reason()).isEqualTo(Conditions.INVALID_DATA_PLANE_MIRRORS);
        assertThat(r.message()).contains("annotation " + Annotations.IMAGE_TAG_MIRRORS + ": piece 2 \"junk\" has no '='");

        HostedCluster good = hc(null, ics("quay.io/ocp", "mirror.example.com/ocp"));
        good.getMetadata().setAnnotations(Map.of(Annotations.IMAGE_TAG_MIRRORS, "quay.io/ocp=tags.example.com/ocp"));
        assertThat(DataPlaneMirrorsCheck.check(good).status()).isEqualTo(Conditions.TRUE);
    }
}
