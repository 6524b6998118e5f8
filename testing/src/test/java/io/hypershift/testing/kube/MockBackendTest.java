package io.hypershift.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.hypershift.api.v1beta1.HostedCluster;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The mock backend, pinned: what works on it, and that operators get SSA turned off there. It runs in the run that
 * asks for the mock by name ({@code -De2e.backend=mock}); any other run uses no mock at all, so it is disabled there.
 */
@KubeTest(backend = Backend.MOCK)
@EnabledIfSystemProperty(named = "e2e.backend", matches = "mock",
        disabledReason = "the mock runs only when asked for by name: -De2e.backend=mock")
class MockBackendTest {

    @Test
    void whenOnTheMockItShouldStoreCustomResourcesInTheTestNamespace(KubeContext kube) {
        assertThat(kube.backend()).isEqualTo(Backend.MOCK);
        kube.client().resource(ClusterSelfTest.hostedCluster("hc", null)).create();
        assertThat(kube.client().resources(HostedCluster.class).inNamespace(kube.namespace()).list().getItems())
                .extracting(h -> h.getMetadata().getName()).containsExactly("hc");
        kube.client().resource(new ImageDigestMirrorSetBuilder().withNewMetadata().withName(kube.uniqueName("idms"))
                .endMetadata().withNewSpec().addNewImageDigestMirror().withSource("quay.io").withMirrors("m.local")
                .endImageDigestMirror().endSpec().build()).create();
        assertThat(kube.client().resources(ImageDigestMirrorSet.class).list().getItems()).isNotEmpty();
    }

    @Test
    void whenOnTheMockServerSideApplyShouldBeReportedOffAndReallyFail(KubeContext kube) {
        assertThat(kube.supportsServerSideApply()).isFalse();
        assertThatThrownBy(() -> kube.client().resource(new ConfigMapBuilder().withNewMetadata().withName("x")
                .endMetadata().build()).fieldManager("t").serverSideApply())
                .isInstanceOf(KubernetesClientException.class);
    }

    @Test
    void whenAnOperatorRunsOnTheMockItsSettingsShouldTurnServerSideApplyOff(KubeContext kube) {
        ConfigurationService config = ConfigurationService.newOverriddenConfigurationService(
                new BaseConfigurationService(), kube.josdk());
        assertThat(config.useSSAToPatchPrimaryResource()).isFalse();
        assertThat(config.ssaBasedCreateUpdateMatchForDependentResources()).isFalse();
        assertThat(config.closeClientOnStop()).isFalse();
        assertThat(config.getKubernetesClient().getMasterUrl().toString())
                .isEqualTo(kube.cluster().config().getMasterUrl());
    }

    @Test
    @RequiresCapability(Capability.SCHEMA_VALIDATION)
    void whenATestNeedsSchemaValidationOnTheMockItMustBeSkippedNotPassed(KubeContext kube) {
        throw new AssertionError("runs only where the API server validates schemas, which the mock does not");
    }
}
