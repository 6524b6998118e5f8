package io.hypershift.operator.controllers.hostedcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.Conditions;
import io.hypershift.operator.controllers.registryoverrides.Capabilities;
import io.hypershift.operator.controllers.registryoverrides.OverridesSnapshot;
import io.hypershift.operator.propagation.Finding;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.PolicyProblem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropagationStatusTest {
    private static final OverridesSnapshot SNAPSHOT = new OverridesSnapshot(3,
            MirrorOverrides.of(Map.of("quay.io/ocp", List.of("mirror.local/ocp"))), List.of(),
            new Capabilities(false, true), Instant.parse("2025-01-01T00:00:00Z"));

    private static List<Finding> carrying(String mirrors) {
        return List.of(new Finding("control-plane-operator", "env OPENSHIFT_IMG_OVERRIDES", mirrors, mirrors, List.of()),
                new Finding("ignition-server", "env OPENSHIFT_IMG_OVERRIDES", mirrors, mirrors, List.of()));
    }

    @Test
    void whenTheClusterIgnoresTheManagementMirrorsAndTheDeploymentsCarryEquals_itShouldBeTrueAndSaySo() {
        OverridesSnapshot own = SNAPSHOT.withoutMirrors();
        assertThat(own.mirrors().format()).isEqualTo("=");
        assertThat(own.version()).isEqualTo(SNAPSHOT.version());

        PropagationStatus s = PropagationStatus.of(carrying("="), own, List.of(), null, true);

        assertThat(s.propagated()).isTrue();
        assertThat(s.reason()).isEqualTo(Conditions.MANAGEMENT_MIRRORS_IGNORED);
        assertThat(s.message()).contains("hypershift.openshift.io/ignore-management-cluster-image-mirrors=true")
                .contains("registry overrides still apply");
    }

    @Test
    void whenTheClusterKeepsTheManagementMirrors_itShouldBeAsExpected() {
        PropagationStatus s = PropagationStatus.of(carrying("quay.io/ocp=mirror.local/ocp"), SNAPSHOT, List.of(), null, false);

        assertThat(s.reason()).isEqualTo(Conditions.AS_EXPECTED);
        assertThat(s.message()).contains("1 mirrored source(s)");
    }

    @Test
    void whenTheClusterIgnoresTheMirrors_invalidPolicyEntriesShouldNotConcernIt() {
        OverridesSnapshot broken = new OverridesSnapshot(4, MirrorOverrides.empty(),
                List.of(new PolicyProblem(PolicyProblem.Severity.ERROR, "idms/x", "spec.imageDigestMirrors[0].source", "is empty")),
                new Capabilities(false, true), Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(PropagationStatus.of(carrying("="), broken, List.of(), null, false).reason())
                .isEqualTo(Conditions.INVALID_REGISTRY_OVERRIDES);
        assertThat(PropagationStatus.of(carrying("="), broken.withoutMirrors(), List.of(), null, true).propagated()).isTrue();
    }
}
