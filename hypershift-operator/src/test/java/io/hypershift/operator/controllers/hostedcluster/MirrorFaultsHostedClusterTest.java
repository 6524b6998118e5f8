package io.hypershift.operator.controllers.hostedcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.hypershift.api.Conditions;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedClusterSpec;
import io.hypershift.api.v1beta1.Release;
import io.hypershift.operator.release.ReleaseProviderFactory;
import io.hypershift.operator.runtime.OperatorRuntime;
import io.hypershift.operator.testing.OperatorHarness;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.testing.FaultProxy;
import io.hypershift.support.testing.Figures;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.support.testing.ReleaseFixture;
import io.hypershift.support.testing.Skopeo;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mirror registry down, then back, as the operator sees it (issue 15): the operator in-process on the test's API
 * server ({@code @KubeTest}), with the registry-backed release provider it runs with ({@link
 * ReleaseProviderFactory#registry}, cache included), an IDMS that sends the release to a real registry behind a
 * {@link FaultProxy}, and the source registry stopped (a disconnected management cluster). {@code ValidReleaseImage}
 * must tell the truth during and after the outage, and nothing may be rolled out half-way.
 */
@KubeTest(crds = false)
class MirrorFaultsHostedClusterTest {
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(3);
    static final Duration LOOKUP_DEADLINE = Duration.ofSeconds(5);
    /** Slack over every bound: a shared 2-core machine, an API server and two registries. */
    static final Duration SLACK = Duration.ofSeconds(20);
    /** How long the mirror stays down once the condition said so: several failed retries. */
    static final Duration OUTAGE_AFTER_FALSE = Duration.ofSeconds(6);

    @RegisterExtension
    static final LocalRegistry mirror = LocalRegistry.named("mirror").tls().auth("bob", "mirror-pass");
    /** Where the release was built; stopped before any test, as in a disconnected management cluster. */
    @RegisterExtension
    static final LocalRegistry source = LocalRegistry.named("source").tls();
    @RegisterExtension
    final FaultProxy proxy = FaultProxy.to(mirror);

    static ReleaseFixture.Release release;

    KubeContext kube;
    KubernetesClient client;
    OperatorRuntime operator;
    String ns;

    @BeforeAll
    static void mirrorTheRelease() {
        release = ReleaseFixture.builder().version("4.16.3").components(2).pushTo(source);
        Skopeo.copy(release.pullSpec(), source, release.pullSpec().replace(source.hostPort(), mirror.hostPort()), mirror);
        source.stop();
    }

    @BeforeEach
    void start(KubeContext kube) {
        this.kube = kube;
        client = kube.client();
        ns = "mf-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        kube.deleteAfterTest(client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create());
        OperatorHarness.prepareCrds(kube);
        RegistryClientOptions registry = RegistryClientOptions.defaults().withCaBundle(mirror.caFile())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withDeadlines(new RegistryClientOptions.Deadlines(REQUEST_DEADLINE, LOOKUP_DEADLINE));
        operator = OperatorHarness.start(kube, OperatorHarness.options(ns, false, null),
                ReleaseProviderFactory.registry(registry, Clock.systemUTC()));
        kube.deleteAfterTest(client.resource(new ImageDigestMirrorSetBuilder().withNewMetadata().withName("release")
                .endMetadata().withNewSpec().addNewImageDigestMirror()
                .withSource(release.namespace(source.hostPort()))
                .withMirrors(release.namespace(proxy.hostPort()))
                .endImageDigestMirror().endSpec().build()).create());
        String json = "{\"auths\": {" + proxy.authEntry() + "}}";
        client.resource(new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName("pull-secret").withNamespace(ns)
                .build()).withType("kubernetes.io/dockerconfigjson").withData(Map.of(".dockerconfigjson",
                Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))).build()).create();
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    HostedCluster hostedCluster(String name) {
        HostedCluster hc = new HostedCluster();
        hc.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        HostedClusterSpec spec = new HostedClusterSpec();
        spec.setRelease(new Release(release.pullSpecByDigest()));
        spec.setPullSecret(new LocalObjectReference("pull-secret"));
        hc.setSpec(spec);
        return hc;
    }

    Optional<Condition> validRelease(String name) {
        HostedCluster hc = client.resources(HostedCluster.class).inNamespace(ns).withName(name).get();
        return hc == null || hc.getStatus() == null ? Optional.empty() : hc.getStatus().getConditions().stream()
                .filter(c -> Conditions.VALID_RELEASE_IMAGE.equals(c.getType())).findFirst();
    }

    Deployment deployment(String cluster, String name) {
        return client.apps().deployments().inNamespace(ns + "-" + cluster).withName(name).get();
    }

    /** Polls (every 100 ms, at most {@code bound}) until the condition matches; returns how long that took. */
    Duration awaitCondition(String cluster, String what, Duration bound, Predicate<Condition> matches) {
        long t0 = System.nanoTime();
        long deadline = t0 + bound.toNanos();
        Optional<Condition> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = validRelease(cluster);
            if (last.isPresent() && matches.test(last.get())) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            sleep(100);
        }
        throw new AssertionError("ValidReleaseImage of " + cluster + " not " + what + " within " + bound + "; last: "
                + last.map(c -> c.getStatus() + " " + c.getReason() + " " + c.getMessage()).orElse("(none)"));
    }

    @Test
    @DisplayName("When the mirror is down, ValidReleaseImage should be False naming the mirror and nothing rolled out; "
            + "when it comes back, True with the mirrored image, without any edit")
    void mirrorDownThenBack() {
        proxy.down();
        long created = System.nanoTime();
        client.resource(hostedCluster("example")).create();

        Duration toFalse = awaitCondition("example", "False naming the mirror", LOOKUP_DEADLINE.plus(SLACK),
                c -> "False".equals(c.getStatus()) && c.getMessage().contains(proxy.hostPort()));
        Condition down = validRelease("example").orElseThrow();
        assertThat(down.getReason()).isEqualTo(Conditions.INVALID_IMAGE);
        assertThat(down.getMessage()).startsWith(Conditions.RELEASE_LOOKUP_MESSAGE_PREFIX)
                .contains("connection refused").doesNotContain("mirror-pass");
        HostedCluster blocked = client.resources(HostedCluster.class).inNamespace(ns).withName("example").get();
        assertThat(blocked.getStatus().getConditions()).filteredOn(c -> Conditions.RECONCILIATION_SUCCEEDED.equals(c.getType()))
                .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
        assertThat(deployment("example", ControlPlaneContract.CONTROL_PLANE_OPERATOR))
                .as("an invalid release blocks the rollout: no Deployment half-way").isNull();
        assertThat(deployment("example", ControlPlaneContract.IGNITION_SERVER)).isNull();

        // the outage lasts a few retries (about 2, 2, 4 s): each fails and the condition stays False
        sleep(OUTAGE_AFTER_FALSE.toMillis());
        assertThat(validRelease("example")).get().satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
        proxy.pass();
        Duration outage = Duration.ofNanos(System.nanoTime() - created);
        // nothing edits the HostedCluster: the operator's own retry of a failed lookup must notice the mirror, within
        // the documented bound (docs/reliability.md): the backoff's delay never exceeds how long the lookup had been
        // failing (at least 2 s, at most the 60 s cap), plus one lookup: here about 8 + 5 + 20 s of slack. A fixed
        // one-minute retry comes 60 s after the first failure, about 54 s from here, and misses it.
        Duration recovery = awaitCondition("example", "True", recoveryBound(outage), c -> "True".equals(c.getStatus()));
        HostedCluster hc = client.resources(HostedCluster.class).inNamespace(ns).withName("example").get();
        assertThat(hc.getStatus().getVersion().getDesired().getMirroredImage())
                .isEqualTo(release.pullSpecByDigest().replace(source.hostPort(), proxy.hostPort()));
        assertThat(hc.getStatus().getVersion().getDesired().getVersion()).isEqualTo("4.16.3");
        awaitDeployments(() -> deployment("example", ControlPlaneContract.IGNITION_SERVER) != null);
        record("HostedCluster created with the mirror down: ValidReleaseImage=False after", toFalse);
        record("mirror back: ValidReleaseImage=True after (no edit; the operator's retry)", recovery);
    }

    @Test
    @DisplayName("When the mirror goes down and flaps after the release is known by digest, the release should stay "
            + "valid and nothing roll: a digest's content cannot change")
    void mirrorFlapsAfterTheReleaseIsKnown() {
        client.resource(hostedCluster("example")).create();
        awaitCondition("example", "True", LOOKUP_DEADLINE.plus(SLACK), c -> "True".equals(c.getStatus()));
        awaitDeployments(() -> deployment("example", ControlPlaneContract.IGNITION_SERVER) != null);
        long cpoGeneration = deployment("example", ControlPlaneContract.CONTROL_PLANE_OPERATOR).getMetadata().getGeneration();
        long ignGeneration = deployment("example", ControlPlaneContract.IGNITION_SERVER).getMetadata().getGeneration();

        proxy.flap(Duration.ofMillis(300), Duration.ofMillis(300));
        for (int i = 0; i < 5; i++) {
            // an annotation edit is a reconcile; each one looks the release up again
            client.resources(HostedCluster.class).inNamespace(ns).withName("example")
                    .edit(h -> {
                        h.getMetadata().setAnnotations(Map.of("test/touch", Integer.toString(h.hashCode())));
                        return h;
                    });
            sleep(400);
        }
        proxy.down();
        client.resources(HostedCluster.class).inNamespace(ns).withName("example")
                .edit(h -> {
                    h.getMetadata().setAnnotations(Map.of("test/touch", "down"));
                    return h;
                });
        sleep(2_000);

        assertThat(validRelease("example")).get().satisfies(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("True"));
        assertThat(deployment("example", ControlPlaneContract.CONTROL_PLANE_OPERATOR).getMetadata().getGeneration())
                .isEqualTo(cpoGeneration);
        assertThat(deployment("example", ControlPlaneContract.IGNITION_SERVER).getMetadata().getGeneration())
                .isEqualTo(ignGeneration);
    }

    /**
     * How soon after an outage of {@code outage} (from the first failed lookup, or earlier) a failing HostedCluster
     * turns valid again: one backoff delay, which is at most {@code max(FIRST, min(cap, outage))}, then one lookup;
     * with the shared slack.
     */
    static Duration recoveryBound(Duration outage) {
        Duration cap = RetryBackoff.Kind.LOOKUP.cap;
        Duration delay = outage.compareTo(cap) > 0 ? cap : outage;
        return (delay.compareTo(RetryBackoff.FIRST) < 0 ? RetryBackoff.FIRST : delay).plus(LOOKUP_DEADLINE).plus(SLACK);
    }

    static void awaitDeployments(java.util.function.BooleanSupplier condition) {
        io.hypershift.support.testing.Eventually.await("the control plane's Deployments", Duration.ofSeconds(30), condition);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void record(String what, Duration d) {
        Figures.record("mirror-faults.txt", what, d);
    }
}
