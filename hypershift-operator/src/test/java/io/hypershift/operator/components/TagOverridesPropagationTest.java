package io.hypershift.operator.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.ignitionserver.SecretMaterial;
import io.hypershift.operator.output.ObjectOutput;
import io.hypershift.operator.testing.Fixtures;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code OPENSHIFT_IMG_TAG_OVERRIDES} (Beyond HyperShift): written on both Deployments only when the management
 * cluster has ImageTagMirrorSets with mirrors; without them every Deployment is byte for byte what it was before ITMS
 * support, so nothing rolls on upgrade.
 */
class TagOverridesPropagationTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    static final MirrorOverrides TAGS = MirrorOverrides.of(Map.of(
            "quay.io/openshift-release-dev/ocp-release", List.of("mirror.example.com:8443/ocp/release"),
            "registry.redhat.io/redhat", List.of("mirror.example.com:8443/redhat", "backup.example.com/redhat")));

    private static ControlPlaneObjects render(HostedCluster hc, MirrorOverrides tagMirrors) {
        return ControlPlaneModel.render(new ControlPlaneInputs(hc, ExampleInputs.mirrors(), tagMirrors,
                ExampleInputs.sampleRegistryOverrides(), ExampleInputs.release(), ExampleInputs.pullSecret(),
                ComponentOptions.FROM_RELEASE, Optional.empty(), Optional.empty()), SecretMaterial.NONE, NOW);
    }

    private static Container main(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void whenThereIsNoItms_theDeploymentsShouldBeByteIdenticalToTheGoldenFixturesWrittenBeforeItmsSupport() {
        // the fixtures are those of main before this change (regenerating them would defeat the test: review the diff)
        ControlPlaneObjects o = render(ExampleInputs.hostedCluster(), MirrorOverrides.empty());
        Fixtures.assertMatches("control-plane-operator-deployment.yaml", ObjectOutput.yaml(o.controlPlaneOperator()));
        Fixtures.assertMatches("ignition-server-deployment.yaml", ObjectOutput.yaml(o.ignitionServer()));
        assertThat(o.overrides().hasTagOverrides()).isFalse();
        for (Deployment d : List.of(o.controlPlaneOperator(), o.ignitionServer())) {
            assertThat(main(d).getEnv()).extracting(EnvVar::getName)
                    .containsExactly(ControlPlaneContract.ENV_IMG_OVERRIDES, "POD_NAMESPACE", "LOG_FORMAT");
        }
    }

    @Test
    void whenThereAreTagMirrors_bothDeploymentsShouldCarryThemRightAfterTheMirrorOverridesAndNothingElseShouldChange() {
        ControlPlaneObjects without = render(ExampleInputs.hostedCluster(), MirrorOverrides.empty());
        ControlPlaneObjects with = render(ExampleInputs.hostedCluster(), TAGS);
        String tags = "quay.io/openshift-release-dev/ocp-release=mirror.example.com:8443/ocp/release,"
                + "registry.redhat.io/redhat=mirror.example.com:8443/redhat,registry.redhat.io/redhat=backup.example.com/redhat";
        assertThat(with.overrides().tagOverrides()).isEqualTo(tags);
        for (int i = 0; i < 2; i++) {
            Deployment w = (Deployment) with.deployments().get(i);
            Deployment wo = (Deployment) without.deployments().get(i);
            List<EnvVar> env = main(w).getEnv();
            assertThat(env.get(1)).isEqualTo(new EnvVar(ControlPlaneContract.ENV_IMG_TAG_OVERRIDES, tags, null));
            // the tag mirrors are apart: they are not in OPENSHIFT_IMG_OVERRIDES or in the ignition-server's argument
            assertThat(main(w).getArgs()).isEqualTo(main(wo).getArgs());
            List<EnvVar> rest = new ArrayList<>(env);
            rest.remove(1);
            assertThat(rest).isEqualTo(main(wo).getEnv());
        }
    }

    @Test
    void whenTheHostedClusterIgnoresTheManagementMirrors_itShouldGetNoTagOverridesEither() {
        HostedCluster hc = ExampleInputs.hostedCluster();
        hc.getMetadata().getAnnotations().put(Annotations.IGNORE_MANAGEMENT_CLUSTER_IMAGE_MIRRORS, "true");
        ControlPlaneObjects o = render(hc, TAGS);
        assertThat(o.overrides().hasTagOverrides()).isFalse();
        for (Deployment d : List.of(o.controlPlaneOperator(), o.ignitionServer())) {
            assertThat(main(d).getEnv()).extracting(EnvVar::getName)
                    .doesNotContain(ControlPlaneContract.ENV_IMG_TAG_OVERRIDES);
            assertThat(main(d).getEnv()).filteredOn(e -> e.getName().equals(ControlPlaneContract.ENV_IMG_OVERRIDES))
                    .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo("="));
        }
    }

    @Test
    void whenTheTagOverridesAreTooLong_theyShouldBeReportedAsOversized() {
        int room = ControlPlaneContract.MAX_ARG_STRLEN;
        PropagatedOverrides p = PropagatedOverrides.of(MirrorOverrides.empty(),
                MirrorOverrides.of(Map.of("s", List.of("m".repeat(room)))), RegistryOverrides.empty());
        assertThat(p.oversized()).singleElement().asString().startsWith("env OPENSHIFT_IMG_TAG_OVERRIDES is ");
        assertThat(PropagatedOverrides.of(MirrorOverrides.empty(), RegistryOverrides.empty()).oversized()).isEmpty();
    }
}
