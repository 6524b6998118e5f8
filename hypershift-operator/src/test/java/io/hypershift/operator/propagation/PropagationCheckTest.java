package io.hypershift.operator.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hypershift.operator.components.ExampleInputs;
import io.hypershift.operator.components.ControlPlaneModel;
import io.hypershift.operator.components.ControlPlaneObjects;
import io.hypershift.operator.components.PropagatedOverrides;
import io.hypershift.operator.components.ignitionserver.SecretMaterial;
import io.hypershift.operator.diagnose.ClusterReport;
import io.hypershift.operator.diagnose.DiagnosisTable;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PropagationCheckTest {
    final ControlPlaneObjects objects = ControlPlaneModel.render(ExampleInputs.inputs(RegistryOverrides.empty()),
            SecretMaterial.NONE, Instant.EPOCH);
    final PropagatedOverrides expected = objects.overrides();

    @Test
    void whenTheDeploymentsCarryTheCurrentStringsEveryFindingShouldBeOk() {
        List<Finding> f = PropagationCheck.check(Optional.of(objects.controlPlaneOperator()), Optional.of(objects.ignitionServer()), expected);
        assertThat(f).hasSize(4).allSatisfy(x -> assertThat(x.ok()).isTrue());
        String table = DiagnosisTable.format(List.of(new ClusterReport("clusters/example", f)), List.of());
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("CLUSTER").contains("EXPECTED").contains("ACTUAL");
        assertThat(table).doesNotContain("MISMATCH").contains("OK");
    }

    @Test
    void whenTheIgnitionEnvIsStaleItShouldBeAMismatchWithTheStaleHint() {
        Deployment ign = objects.ignitionServer();
        List<EnvVar> env = ign.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        env.set(0, new EnvVar("OPENSHIFT_IMG_OVERRIDES", "quay.io/old=mirror.local/old", null));
        List<Finding> f = PropagationCheck.check(Optional.of(objects.controlPlaneOperator()), Optional.of(ign), expected);
        assertThat(f).filteredOn(x -> !x.ok()).singleElement().satisfies(x -> {
            assertThat(x.deployment()).isEqualTo("ignition-server");
            assertThat(x.field()).isEqualTo("env OPENSHIFT_IMG_OVERRIDES");
            assertThat(x.hints()).singleElement().asString().startsWith("stale");
        });
        assertThat(DiagnosisTable.format(List.of(new ClusterReport("c/x", f)), List.of())).contains("MISMATCH").contains("hint: c/x ignition-server");
    }

    @Test
    void whenTheDeploymentsAreMissingOrEmptyTheHintsShouldSaySo() {
        List<Finding> missing = PropagationCheck.check(Optional.empty(), Optional.empty(), expected);
        assertThat(missing).allSatisfy(x -> assertThat(x.hints()).anySatisfy(h -> assertThat(h).contains("does not exist")));
        Deployment ign = objects.ignitionServer();
        ign.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().set(0, new EnvVar("OPENSHIFT_IMG_OVERRIDES", "=", null));
        Finding empty = PropagationCheck.check(Optional.of(objects.controlPlaneOperator()), Optional.of(ign), expected).get(3);
        assertThat(empty.hints()).singleElement().asString().contains("saw no ICSP/IDMS");
    }

    @Test
    void whenOnlyTheMirrorOrderDiffersTheHintShouldNameSortedMirrors() {
        assertThat(Hints.forValue(true, "a=m1,a=m2", "a=m2,a=m1")).singleElement().asString().contains("another order");
    }

    @Test
    void whenSourcesAreOnlyRegistryRootsTheHintShouldNameOcpbugs33951() {
        MirrorOverrides roots = MirrorOverrides.of(Map.of("quay.io", List.of("registry.sample.net/quay.io"),
                "registry.redhat.io", List.of("registry.sample.net/redhat.io")));
        assertThat(Hints.rootOnlySources(roots)).get().asString().contains("OCPBUGS-33951")
                .contains("quay.io/openshift-release-dev/ocp-release");
        MirrorOverrides explicit = roots.toBuilder().build();
        MirrorOverrides.Builder b = explicit.toBuilder();
        b.add("quay.io/openshift-release-dev/ocp-release", "registry.sample.net/ocp-release");
        b.add("quay.io/openshift-release-dev/ocp-v4.0-art-dev", "registry.sample.net/art");
        assertThat(Hints.rootOnlySources(b.build())).isEmpty();
        assertThat(Hints.rootOnlySources(ExampleInputs.mirrors())).as("examples/ name the release repositories").isEmpty();
    }

    @Test
    void whenTheManagementClusterHasNoItms_thereShouldBeNoTagFindingButADeploymentCarryingTagOverridesIsUnexpected() {
        List<Finding> f = PropagationCheck.check(Optional.of(objects.controlPlaneOperator()), Optional.of(objects.ignitionServer()), expected);
        assertThat(f).hasSize(4).noneMatch(x -> x.field().equals(PropagationCheck.TAG_ENV));

        Deployment cpo = objects.controlPlaneOperator();
        cpo.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .add(new EnvVar("OPENSHIFT_IMG_TAG_OVERRIDES", "quay.io/a=m.local/a", null));
        List<Finding> g = PropagationCheck.check(Optional.of(cpo), Optional.of(objects.ignitionServer()), expected);
        assertThat(g).hasSize(5).filteredOn(x -> !x.ok()).singleElement().satisfies(x -> {
            assertThat(x.deployment()).isEqualTo("control-plane-operator");
            assertThat(x.field()).isEqualTo("env OPENSHIFT_IMG_TAG_OVERRIDES");
            assertThat(x.expected()).isNull();
            assertThat(x.hints()).singleElement().asString().startsWith("unexpected");
        });
        assertThat(DiagnosisTable.format(List.of(new ClusterReport("c/x", g)), List.of()))
                .contains("<absent>").contains("MISMATCH");
    }

    @Test
    void whenTheManagementClusterHasItms_theTagOverridesShouldBeCheckedMissingAndStale() {
        MirrorOverrides tags = MirrorOverrides.of(Map.of("quay.io/a", List.of("m.local/a")));
        PropagatedOverrides want = PropagatedOverrides.of(ExampleInputs.mirrors(), tags, RegistryOverrides.empty());
        // written before the ITMS appeared: missing on both
        List<Finding> missing = PropagationCheck.check(Optional.of(objects.controlPlaneOperator()),
                Optional.of(objects.ignitionServer()), want);
        assertThat(missing).hasSize(6).filteredOn(x -> !x.ok()).hasSize(2).allSatisfy(x -> {
            assertThat(x.field()).isEqualTo("env OPENSHIFT_IMG_TAG_OVERRIDES");
            assertThat(x.actual()).isNull();
            assertThat(x.hints()).singleElement().asString().startsWith("missing");
        });
        // stale on the ignition-server, current on the CPO
        Deployment cpo = objects.controlPlaneOperator();
        cpo.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .add(1, new EnvVar("OPENSHIFT_IMG_TAG_OVERRIDES", "quay.io/a=m.local/a", null));
        Deployment ign = objects.ignitionServer();
        ign.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .add(1, new EnvVar("OPENSHIFT_IMG_TAG_OVERRIDES", "quay.io/old=m.local/old", null));
        List<Finding> stale = PropagationCheck.check(Optional.of(cpo), Optional.of(ign), want);
        assertThat(stale).filteredOn(x -> !x.ok()).singleElement().satisfies(x -> {
            assertThat(x.deployment()).isEqualTo("ignition-server");
            assertThat(x.hints()).singleElement().asString().startsWith("stale: the ImageTagMirrorSets changed");
        });
    }
}
