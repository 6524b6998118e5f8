package io.hypershift.operator.controllers.hostedcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.Annotations;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedClusterStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecOrAnnotationsChangedTest {
    static HostedCluster base() {
        HostedCluster hc = new HostedCluster();
        hc.getMetadata().setName("example");
        hc.getMetadata().setGeneration(3L);
        hc.getMetadata().setAnnotations(Map.of("a", "1"));
        hc.getMetadata().setFinalizers(List.of("hypershift.openshift.io/finalizer"));
        return hc;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("When only the status changes, it should not reconcile",
                        (Consumer<HostedCluster>) h -> h.setStatus(new HostedClusterStatus()), false),
                Arguments.of("When the generation changes, it should reconcile",
                        (Consumer<HostedCluster>) h -> h.getMetadata().setGeneration(4L), true),
                Arguments.of("When an OLM annotation is added (no generation bump), it should reconcile",
                        (Consumer<HostedCluster>) h -> h.getMetadata().setAnnotations(Map.of("a", "1",
                                Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io=m.example.com")), true),
                Arguments.of("When the annotations are removed, it should reconcile",
                        (Consumer<HostedCluster>) h -> h.getMetadata().setAnnotations(null), true),
                Arguments.of("When the finalizers change, it should reconcile",
                        (Consumer<HostedCluster>) h -> h.getMetadata().setFinalizers(List.of()), true),
                Arguments.of("When it is being deleted, it should reconcile",
                        (Consumer<HostedCluster>) h -> h.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filters(String name, Consumer<HostedCluster> change, boolean reconcile) {
        HostedCluster old = base();
        HostedCluster now = base();
        change.accept(now);
        assertThat(new SpecOrAnnotationsChanged().accept(now, old)).isEqualTo(reconcile);
    }
}
