package io.hypershift.e2e;

import static io.hypershift.e2e.ExpectedStrings.IdmsState.ORIGINAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.hypershift.api.Conditions;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.e2e.ExpectedStrings.IdmsState;
import io.hypershift.operator.cli.RunCommand;
import io.hypershift.operator.components.ignitionserver.SelfSignedMaterial;
import io.hypershift.operator.config.OperatorOptions;
import io.hypershift.operator.release.CatalogImagesFactory;
import io.hypershift.operator.release.ReleaseProviderFactory;
import io.hypershift.operator.runtime.OperatorRuntime;
import io.hypershift.support.testing.Eventually;
import io.hypershift.testing.kube.Capability;
import io.hypershift.testing.kube.Crds;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import io.hypershift.testing.kube.RequiresCapability;
import io.hypershift.testing.docker.DockerCli;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The disconnected pipeline end to end, the same on every backend ({@code -De2e.backend}; the output names the one
 * that ran): one API server and one test namespace for the class, real registries (Debian docker-registry on
 * loopback: the source with TLS, the mirror with TLS and htpasswd auth, one test CA), and the three binaries run
 * in-process from their command lines. The scenarios build on each other in order; when one fails, the later ones are
 * not run and say so. Timings go to the output and to {@code target/e2e-report/}.
 *
 * <p>Scenarios 1-4 and 8 (the operator image) here; the control-plane-operator and the ignition-server (5, 6) are in
 * {@link ControlPlaneScenarios}, the OLM annotations (7) in {@link OlmScenarios}, ImageTagMirrorSets and the opt-out
 * (9-11) in {@link TagMirrorScenarios}, which this class extends so that they share the server, registries and
 * objects.
 */
@KubeTest(crds = false, namespace = KubeTest.NamespaceScope.CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DisconnectedClusterTest extends TagMirrorScenarios {
    @RegisterExtension
    final ScenarioChain chain = new ScenarioChain(timings);

    @BeforeEach
    void setUp(KubeContext kube, TestInfo info) {
        if (this.kube == null) {
            this.kube = kube;
            this.client = kube.client();
            this.ns = kube.namespace();
            this.cpns = ns + "-" + CLUSTER;
            timings.step("API server start (" + kube.backendName() + ")", kube.clusterStartup());
            timings.note("backend " + kube.backendName() + ", capabilities " + kube.cluster().capabilities()
                    + "; registries: " + source + ", " + mirror + " (one test CA)");
        }
        System.out.println("[e2e] " + info.getDisplayName() + " on " + kube.backendName());
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            closeAll();
        } finally {
            if (operator != null) {
                operator.close();
            }
            if (strings != null) {
                strings.close();
            }
        }
        timings.report("e2e timings on " + (kube == null ? "?" : kube.backendName()),
                Path.of("target", "e2e-report", "timings-" + (kube == null ? "none" : kube.backendName()) + ".md"));
    }

    @Test
    @Order(1)
    void scenario1_whenTheCrdsAreApplied_theApiShouldServeHostedClustersAndTheMirrorPolicies() {
        List<String> names = Crds.all().stream().map(c -> c.getMetadata().getName()).toList();
        assertThat(names).contains("hostedclusters.hypershift.openshift.io", "hostedcontrolplanes.hypershift.openshift.io",
                "imagecontentsourcepolicies.operator.openshift.io", "imagedigestmirrorsets.config.openshift.io");

        Crds.Installed done = Crds.install(client, Crds.all(), kube.has(Capability.DISCOVERY), Crds.DEFAULT_TIMEOUT);

        List<String> both = new ArrayList<>(done.applied());
        both.addAll(done.kept());
        assertThat(both).containsExactlyInAnyOrderElementsOf(names);
        for (String name : names) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
            assertThat(crd).as(name).isNotNull();
            if (kube.has(Capability.DISCOVERY)) {
                assertThat(crd.getStatus().getConditions()).as(name + " Established")
                        .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
            }
        }
        assertThat(client.resources(HostedCluster.class).inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.resources(ImageDigestMirrorSet.class).list().getItems()).isNotNull();
        assertThat(client.resources(ImageContentSourcePolicy.class).list().getItems()).isNotNull();
        timings.note("CRDs applied " + done.applied() + (done.kept().isEmpty() ? "" : ", kept the cluster's own " + done.kept()));
    }

    @Test
    @Order(2)
    void scenario2_whenTheReleaseIsMirroredAndTheSourceStopped_thePoliciesAndThePullSecretShouldBeInPlace() throws Exception {
        world = MirroredRelease.create(source, mirror);
        timings.step("push the release and " + MirroredRelease.COMPONENTS.size() + " components to the source (skopeo)",
                world.pushTook());
        timings.step("hack/mirror.sh: release and components to the mirror, ICSP and IDMS written", world.mirrorTook());
        expected = new ExpectedStrings(source.hostPort(), mirror.hostPort());
        long c0 = System.nanoTime();
        catalogDigests = MirroredRelease.pushCatalogIndexes(mirror, "redhat");
        assertThat(MirroredRelease.pushCatalogIndexes(mirror, OLM_NAMESPACE)).as("same content, same digests")
                .isEqualTo(catalogDigests);
        timings.step("push 3 OLM catalog index images to the mirror, twice", Duration.ofNanos(System.nanoTime() - c0));

        // what mirror.sh wrote is what ExpectedStrings was written from
        ImageDigestMirrorSet idms = world.idms();
        ImageContentSourcePolicy icsp = world.icsp();
        assertThat(idms.getMetadata().getName()).isEqualTo(IDMS_NAME);
        assertThat(ClusterObjects.entries(idms)).isEqualTo(fill(ORIGINAL.entries));
        assertThat(icsp.getMetadata().getName()).isEqualTo(ICSP_NAME);
        assertThat(ClusterObjects.entries(icsp)).isEqualTo(List.of(
                List.of(expected.fill("${S}/openshift-release-dev/ocp-release"),
                        expected.fill("${M}/openshift-release-dev/ocp-release")),
                List.of(expected.fill("${S}/openshift-release-dev/ocp-v4.0-art-dev"),
                        expected.fill("${M}/openshift-release-dev/ocp-v4.0-art-dev"))));

        kube.deleteAfterTest(client.resource(idms).create());
        kube.deleteAfterTest(client.resource(icsp).create());
        client.resource(ClusterObjects.pullSecret(ns, mirror.authJson())).create();
        source.stop();

        assertThat(source.isRunning()).isFalse();
        assertThat(client.resources(ImageDigestMirrorSet.class).withName(IDMS_NAME).get()).isNotNull();
        assertThat(client.resources(ImageContentSourcePolicy.class).withName(ICSP_NAME).get()).isNotNull();
    }

    @Test
    @Order(3)
    void scenario3_whenTheOperatorRunsWithTheMirrorsCa_itShouldValidateTheReleaseThroughTheMirrorAndWriteTheExactStrings()
            throws Exception {
        RunCommand run = InProcess.parse(io.hypershift.operator.cli.Main.commandLine(), RunCommand.class, List.of("run",
                "--namespace", ns, "--registry-overrides", expected.registryOverrides(),
                "--registry-ca-file", mirror.caFile().toString(),
                "--metrics-bind-address", "127.0.0.1:0", "--health-probe-bind-address", "127.0.0.1:0"));
        OperatorOptions options = run.options(Map.of("POD_NAMESPACE", ns));
        assertThat(options.registryClient().caBundle()).isEqualTo(mirror.caFile());
        long t0 = System.nanoTime();
        operator = OperatorRuntime.start(options, kube.newClient(), new OperatorRuntime.Wiring(
                ReleaseProviderFactory.registry(options.registryClient(), Clock.systemUTC()),
                CatalogImagesFactory.registry(options.registryClient(), Clock.systemUTC()),
                new SelfSignedMaterial(new SecureRandom(), Clock.systemUTC()), Clock.systemUTC(), kube.josdk(), false));
        Eventually.await("the operator ready", WAIT, operator::ready);
        timings.step("hypershift-operator start → ready", Duration.ofNanos(System.nanoTime() - t0));

        strings = new DeploymentStrings(kube.newClient(), cpns);
        long created = System.nanoTime();
        client.resource(ClusterObjects.hostedCluster(ns, CLUSTER, world.releaseImage(), imageContentSources())).create();
        ExpectedStrings.Strings exact = expected.with(ORIGINAL);
        strings.await(exact, WAIT);
        timings.step("HostedCluster created → both Deployments carry the §7 strings",
                Duration.ofNanos(System.nanoTime() - created));

        assertThat(strings.current()).isEqualTo(exact);
        Deployment cpo = strings.get(ControlPlaneContract.CONTROL_PLANE_OPERATOR);
        Deployment ign = strings.get(ControlPlaneContract.IGNITION_SERVER);
        // the operator's CA goes on to both, mounted from the ConfigMap it writes (scenarios 5 and 6 read it there)
        String caFlag = "--registry-ca-file=" + ControlPlaneContract.REGISTRY_CA_MOUNT_PATH + "/"
                + ControlPlaneContract.REGISTRY_CA_KEY;
        assertThat(DeploymentStrings.main(cpo).getArgs()).containsExactly("run", exact.controlPlaneOperatorArg(), caFlag);
        assertThat(DeploymentStrings.main(ign).getArgs()).endsWith(caFlag);
        assertThat(client.configMaps().inNamespace(cpns).withName(ControlPlaneContract.REGISTRY_CA_CONFIGMAP).get()
                .getData()).containsExactly(Map.entry(ControlPlaneContract.REGISTRY_CA_KEY,
                        java.nio.file.Files.readString(mirror.caFile())));
        assertThat(DeploymentStrings.main(ign).getArgs()).containsSubsequence("serve", "--registry-overrides",
                exact.ignitionServerOverrides());
        // the operator's images come from the release, placed on the mirror that served it (the source is down)
        assertThat(DeploymentStrings.main(cpo).getImage()).isEqualTo(world.componentOn("hypershift", mirror.hostPort()));
        assertThat(DeploymentStrings.main(ign).getImage()).isEqualTo(world.componentOn("hypershift", mirror.hostPort()));
        awaitReleaseServedBy(ns, world.releaseImageOn(mirror.hostPort()));
        Eventually.await("RegistryOverridesPropagated=True", WAIT, () -> isTrue(ns, Conditions.REGISTRY_OVERRIDES_PROPAGATED));
        assertThat(mirror.countRequests(r -> r.path().contains("/openshift-release-dev/ocp-release/manifests/sha256:")
                && r.status() == 200)).isPositive();
    }

    @Test
    @Order(4)
    void scenario4_whenTheIdmsChanges_theDeploymentsShouldFollowAndWithNoPolicyLeftCarryTheLiteralEquals()
            throws Exception {
        int samples = Math.max(4, SAMPLES - SAMPLES % 4); // whole cycles, so that it ends on ORIGINAL
        for (int i = 0; i < samples; i++) {
            IdmsState state = IdmsState.CYCLE.get(i % IdmsState.CYCLE.size());
            ImageDigestMirrorSet next = ClusterObjects.idms(IDMS_NAME, fill(state.entries));
            Duration took = strings.measure(expected.with(state), () -> client.resources(ImageDigestMirrorSet.class)
                    .withName(IDMS_NAME).edit(i0 -> {
                        i0.setSpec(next.getSpec());
                        return i0;
                    }), WAIT);
            timings.sample(IDMS_EDIT_SERIES, state.name(), took);
        }
        assertThat(strings.current()).isEqualTo(expected.with(ORIGINAL));
        awaitReleaseServedBy(ns, world.releaseImageOn(mirror.hostPort()));

        // with no policy left the release can only come from the source: bring it back first (without it the lookup
        // fails and the operator blocks the rollout, by design)
        source.restart();
        ImageContentSourcePolicy icsp = world.icsp();
        ImageDigestMirrorSet idms = world.idms();
        ExpectedStrings.Strings idmsOnly = new ExpectedStrings.Strings(expected.with(ORIGINAL).controlPlaneOperatorArg(),
                expected.fill("${S}/openshift-release-dev=${M}/openshift-release-dev"),
                expected.fill("${S}/openshift-release-dev=${M}/openshift-release-dev,") + expected.registryOverrides());
        timings.sample(POLICY_SERIES, "delete the ICSP",
                strings.measure(idmsOnly, () -> client.resource(icsp).delete(), WAIT));
        timings.sample(POLICY_SERIES, "delete the IDMS (none left)",
                strings.measure(expected.withoutPolicies(), () -> client.resource(idms).delete(), WAIT));
        assertThat(strings.current().imgOverridesEnv()).isEqualTo("=");
        assertThat(strings.current()).isEqualTo(expected.withoutPolicies());
        awaitReleaseServedBy(ns, world.releaseImage());

        // and back: the policies as mirror.sh wrote them, then the source goes away again
        timings.sample(POLICY_SERIES, "create the IDMS", strings.measure(idmsOnly,
                () -> kube.deleteAfterTest(client.resource(idms).create()), WAIT));
        timings.sample(POLICY_SERIES, "create the ICSP", strings.measure(expected.with(ORIGINAL),
                () -> kube.deleteAfterTest(client.resource(icsp).create()), WAIT));
        awaitReleaseServedBy(ns, world.releaseImageOn(mirror.hostPort()));
        source.stop();
        timings.note("operator metric hypershift_registry_overrides_propagation_seconds after scenario 4: "
                + operatorMetric());
    }

    @Test
    @Order(8)
    @RequiresCapability(Capability.SERVER_SIDE_APPLY) // the image runs JOSDK's defaults (server-side apply); not the mock
    void scenario8_whenTheOperatorImageRunsOnTheHostNetwork_itShouldReconcileAHostedClusterThroughTheMirror()
            throws Exception {
        DockerCli docker = ImageGate.require("hypershift-operator");
        long t0 = System.nanoTime();
        String image = docker.load(ImageGate.tar("hypershift-operator"));
        timings.step("docker load the hypershift-operator image", Duration.ofNanos(System.nanoTime() - t0));
        String imageNs = ns + "-image"; // reaped with the test namespace; the in-process operator watches only ns
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(imageNs).endMetadata().build())
                .create();
        client.resource(ClusterObjects.pullSecret(imageNs, mirror.authJson())).create();
        try (OperatorContainer container = OperatorContainer.start(docker, image, ns + "-operator",
                kube.kubeconfigFile(), mirror.caFile(), List.of("--namespace", imageNs,
                        "--registry-overrides", expected.registryOverrides(),
                        "--metrics-bind-address", "127.0.0.1:0", "--health-probe-bind-address", "127.0.0.1:0"));
                DeploymentStrings written = new DeploymentStrings(kube.newClient(), imageNs + "-" + CLUSTER)) {
            long created = System.nanoTime();
            client.resource(ClusterObjects.hostedCluster(imageNs, CLUSTER, world.releaseImage(), imageContentSources()))
                    .create();
            try {
                written.await(expected.with(ORIGINAL), WAIT);
                timings.step("operator container started, HostedCluster created → both Deployments carry the strings",
                        Duration.ofNanos(System.nanoTime() - created));
                awaitReleaseServedBy(imageNs, world.releaseImageOn(mirror.hostPort()));
                assertThat(DeploymentStrings.main(written.get(ControlPlaneContract.CONTROL_PLANE_OPERATOR)).getImage())
                        .isEqualTo(world.componentOn("hypershift", mirror.hostPort()));
                assertThat(container.running()).isTrue();
            } catch (AssertionError | RuntimeException e) {
                System.out.println("[e2e] operator container logs:\n" + container.logs());
                throw e;
            }
            String logs = container.logs();
            assertThat(logs).as("the container's logs").contains("hypershift-operator started")
                    .doesNotContain(mirror.password())
                    .doesNotContain(java.util.Base64.getEncoder().encodeToString(
                            (mirror.user() + ":" + mirror.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }
}
