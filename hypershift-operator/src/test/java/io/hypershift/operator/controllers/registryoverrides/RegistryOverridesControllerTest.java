package io.hypershift.operator.controllers.registryoverrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSetBuilder;
import io.hypershift.operator.testing.OperatorHarness;
import io.hypershift.testing.kube.Capability;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import io.hypershift.testing.kube.RequiresCapability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry-overrides controller on its own against a real API server: what happens when ICSP/IDMS APIs appear,
 * go, or cannot be discovered for a while. The discovery is the real one, wrapped so that a test can make it fail.
 */
@KubeTest(crds = false)
@RequiresCapability(Capability.DISCOVERY)
class RegistryOverridesControllerTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    KubeContext kube;
    KubernetesClient client;
    RegistryOverridesController controller;
    final AtomicBoolean icspDiscoveryFails = new AtomicBoolean();
    final AtomicInteger failedCalls = new AtomicInteger();

    @BeforeEach
    void start(KubeContext kube) {
        this.kube = kube;
        client = kube.client();
        OperatorHarness.prepareCrds(kube); // IDMS served, ICSP not
        OperatorHarness.removeCrd(kube, OperatorHarness.ITMS_CRD); // nor ITMS
        CapabilityDetector.Discovery real = new FabricDiscovery(client);
        CapabilityDetector.Discovery flaky = gv -> {
            if (gv.equals(CapabilityDetector.ICSP_GROUP_VERSION) && icspDiscoveryFails.get()) {
                failedCalls.incrementAndGet();
                throw new CapabilityDetector.DiscoveryException("discovery of " + gv + " failed: HTTP 503", null);
            }
            return real.resources(gv);
        };
        controller = new RegistryOverridesController(client, Clock.systemUTC(), Duration.ofSeconds(30),
                new SimpleMeterRegistry(), flaky);
        controller.start();
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        OperatorHarness.removeCrd(kube, OperatorHarness.ICSP_CRD);
        OperatorHarness.removeCrd(kube, OperatorHarness.ITMS_CRD);
        OperatorHarness.installCrd(kube, OperatorHarness.IDMS_CRD);
    }

    @Test
    void whenTheItmsApiAppearsLaterItsTagMirrorsShouldBeBuiltApartFromTheDigestMirrorsAndHonourNeverContactSource() {
        assertThat(controller.current().capabilities().imageTagMirrorSets()).isFalse();
        kube.deleteAfterTest(client.resource(new ImageDigestMirrorSetBuilder().withNewMetadata().withName("digests")
                .endMetadata().withNewSpec().addNewImageDigestMirror().withSource("quay.io/openshift-release-dev")
                .withMirrors("mirror.local/ocp").endImageDigestMirror().endSpec().build()).create());
        await().atMost(WAIT).until(() -> controller.current().mirrors().format()
                .equals("quay.io/openshift-release-dev=mirror.local/ocp"));

        OperatorHarness.installCrd(kube, OperatorHarness.ITMS_CRD); // noticed without a restart
        await().atMost(WAIT).until(() -> controller.current().capabilities().imageTagMirrorSets());
        kube.deleteAfterTest(client.resource(new ImageTagMirrorSetBuilder().withNewMetadata().withName("itms-oc-mirror")
                .endMetadata().withNewSpec().addNewImageTagMirror().withSource("quay.io/openshift-release-dev")
                .withMirrors("mirror.local/tags").withMirrorSourcePolicy("NeverContactSource").endImageTagMirror()
                .endSpec().build()).create());
        await().atMost(WAIT).until(() -> controller.current().tagMirrors().format()
                .equals("quay.io/openshift-release-dev=mirror.local/tags"));
        OverridesSnapshot s = controller.current();
        assertThat(s.mirrors().format()).as("the digest mirrors are unchanged")
                .isEqualTo("quay.io/openshift-release-dev=mirror.local/ocp");
        assertThat(s.tagMirrors().neverContactSources()).containsExactly("quay.io/openshift-release-dev");
        String tag = "quay.io/openshift-release-dev/ocp-release:4.16.0";
        assertThat(s.mirrors().candidates(tag, s.tagMirrors())).as("tag mirror first, then IDMS, never the source")
                .containsExactly("mirror.local/tags/ocp-release:4.16.0", "mirror.local/ocp/ocp-release:4.16.0");
        String digest = "quay.io/openshift-release-dev/ocp-release@sha256:" + "a".repeat(64);
        assertThat(s.mirrors().candidates(digest, s.tagMirrors())).as("a digest never uses a tag mirror")
                .containsExactly("mirror.local/ocp/ocp-release@sha256:" + "a".repeat(64), digest);

        OperatorHarness.removeCrd(kube, OperatorHarness.ITMS_CRD);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(controller.current().capabilities().imageTagMirrorSets()).isFalse();
            assertThat(controller.current().tagMirrors().isEmpty()).isTrue();
        });
    }

    @Test
    void whenDiscoveryFailsWhileTheIcspApiAppearsItShouldRetryAndNoticeItWithoutAnotherEvent() {
        assertThat(controller.current().capabilities()).isEqualTo(new Capabilities(false, true));
        icspDiscoveryFails.set(true);
        OperatorHarness.installCrd(kube, OperatorHarness.ICSP_CRD); // waits until Established
        await().atMost(WAIT).until(() -> failedCalls.get() > 0);
        sleep(2000); // let every event of the CRD's creation be handled (and fail)
        assertThat(controller.current().capabilities().imageContentSourcePolicies()).isFalse();

        icspDiscoveryFails.set(false); // a transient failure: nothing about the CRD changes any more
        await().atMost(WAIT).until(() -> controller.current().capabilities().imageContentSourcePolicies());
    }

    @Test
    void whenTheIdmsApiGoesAwayTheOverridesShouldBeEmptyAndTheCapabilityAbsent() {
        kube.deleteAfterTest(client.resource(new ImageDigestMirrorSetBuilder().withNewMetadata().withName("release")
                .endMetadata().withNewSpec().addNewImageDigestMirror().withSource("quay.io/openshift-release-dev")
                .withMirrors("mirror.local/ocp").endImageDigestMirror().endSpec().build()).create());
        await().atMost(WAIT).until(() -> controller.current().mirrors().format()
                .equals("quay.io/openshift-release-dev=mirror.local/ocp"));

        OperatorHarness.removeCrd(kube, OperatorHarness.IDMS_CRD);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(controller.current().capabilities()).isEqualTo(Capabilities.NONE);
            assertThat(controller.current().mirrors().format()).isEqualTo("=");
        });
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
