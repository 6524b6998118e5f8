package io.hypershift.e2e;

import static io.hypershift.e2e.ExpectedStrings.IdmsState.ORIGINAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet;
import io.hypershift.api.Annotations;
import io.hypershift.api.Conditions;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.cpo.CpoApp;
import io.hypershift.cpo.config.CpoOptions;
import io.hypershift.cpo.release.CatalogBackends;
import io.hypershift.cpo.release.ReleaseBackends;
import io.hypershift.support.testing.Eventually;
import io.hypershift.support.testing.ReleaseFixture;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenarios 9 to 11: ImageTagMirrorSets on the management cluster (Beyond HyperShift) and the per-cluster opt-out of
 * the management cluster's mirrors, on the same server, registries and operator as scenarios 1-8.
 *
 * <ul>
 *   <li>9: a release pushed by tag to the source only, mirrored by tag with {@code hack/mirror.sh --image} (which writes
 *       the ITMS oc-mirror v2 would), the ITMS applied and the source stopped: {@code release-info} and the
 *       hypershift-operator look the tag up on the mirror, {@code OPENSHIFT_IMG_TAG_OVERRIDES} reaches both
 *       Deployments, and the control-plane-operator run as its Deployment says finds the release there too;</li>
 *   <li>10: a HostedCluster with the opt-out annotation gets {@code OPENSHIFT_IMG_OVERRIDES==} and no tag overrides on
 *       both Deployments while its neighbour keeps its mirrors;</li>
 *   <li>11: with the ITMS deleted, no ITMS anywhere: the neighbour's Deployments are byte for byte what they were
 *       before it, and the opted-out cluster's did not roll at all.</li>
 * </ul>
 */
abstract class TagMirrorScenarios extends OlmScenarios {
    static final String TAGGED = "tagged";
    static final String OPTED_OUT = "opted-out";
    static final String ITMS_NAME = "itms-generic-0";
    static final List<String> ENV_WITHOUT_TAGS = List.of(ControlPlaneContract.ENV_IMG_OVERRIDES,
            ControlPlaneContract.ENV_POD_NAMESPACE, "LOG_FORMAT");

    ImageTagMirrorSet itms;
    /** The neighbour's pod templates with no ITMS anywhere, before scenario 9 (YAML). */
    final List<String> templatesBefore = new ArrayList<>();
    /** The opted-out cluster's Deployments as scenario 10 left them. */
    final List<Deployment> optedOutBefore = new ArrayList<>();

    private static String env(Deployment d, String name) {
        return DeploymentStrings.main(d).getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue)
                .findFirst().orElse(null);
    }

    private static List<String> envNames(Deployment d) {
        return DeploymentStrings.main(d).getEnv().stream().map(EnvVar::getName).toList();
    }

    private Optional<Deployment> deployment(String namespace, String name) {
        return Optional.ofNullable(client.apps().deployments().inNamespace(namespace).withName(name).get());
    }

    private List<Deployment> both(String namespace) {
        return List.of(deployment(namespace, ControlPlaneContract.CONTROL_PLANE_OPERATOR).orElseThrow(),
                deployment(namespace, ControlPlaneContract.IGNITION_SERVER).orElseThrow());
    }

    /** Both Deployments of {@code namespace} exist and satisfy {@code ok}. */
    private boolean bothAre(String namespace, java.util.function.Predicate<Deployment> ok) {
        return deployment(namespace, ControlPlaneContract.CONTROL_PLANE_OPERATOR).filter(ok).isPresent()
                && deployment(namespace, ControlPlaneContract.IGNITION_SERVER).filter(ok).isPresent();
    }

    private static String template(Deployment d) {
        return Serialization.asYaml(d.getSpec().getTemplate());
    }

    private String releaseServedBy(String name) {
        HostedCluster hc = client.resources(HostedCluster.class).inNamespace(ns).withName(name).get();
        return hc == null || hc.getStatus() == null || hc.getStatus().getVersion() == null
                || hc.getStatus().getVersion().getDesired() == null ? null
                : hc.getStatus().getVersion().getDesired().getMirroredImage();
    }

    private InProcess.Run releaseInfo(String image, Path... mirrorConfig) throws java.io.IOException {
        List<String> args = new ArrayList<>(List.of("release-info", "--image", image, "--pull-secret",
                mirror.authFile().toString(), "--ca-file", mirror.caFile().toString()));
        if (mirrorConfig.length > 0) {
            args.add("--mirror-config");
            for (Path p : mirrorConfig) {
                args.add(p.toString());
            }
        }
        return InProcess.execute(io.hypershift.operator.cli.Main.commandLine(), args);
    }

    @Test
    @Order(9)
    void scenario9_whenAReleaseMirroredByTagHasAnItms_theControlPlanesTagLookupsShouldBeServedByTheMirror()
            throws Exception {
        // no ITMS anywhere: the Deployments carry no tag overrides, and look as they did before ITMS support
        assertThat(client.resources(ImageTagMirrorSet.class).list().getItems()).isEmpty();
        for (Deployment d : both(cpns)) {
            assertThat(envNames(d)).as(d.getMetadata().getName()).containsExactlyElementsOf(ENV_WITHOUT_TAGS);
            templatesBefore.add(template(d));
        }
        assertThat(strings.current()).isEqualTo(expected.with(ORIGINAL));

        // a release pushed by tag to the source only, in a repository no IDMS covers, and mirrored by tag
        source.restart();
        ReleaseFixture.Release tagged = ReleaseFixture.builder().version(MirroredRelease.VERSION)
                .componentNames(MirroredRelease.COMPONENTS.toArray(String[]::new))
                .releaseRepository(TAGGED + "/ocp-release").pushTo(source);
        assertThat(tagged.components()).as("the same components (already mirrored, IDMS-covered)")
                .isEqualTo(world.release().components());
        long t0 = System.nanoTime();
        Path itmsFile = MirroredRelease.mirrorByTag(source, mirror, tagged.pullSpec(),
                mirror.dir().resolveSibling("tag-mirror-policies"));
        timings.step("hack/mirror.sh --image: a release by tag to the mirror, ITMS written",
                java.time.Duration.ofNanos(System.nanoTime() - t0));
        try (InputStream in = Files.newInputStream(itmsFile)) {
            itms = Serialization.unmarshal(in, ImageTagMirrorSet.class);
        }
        String tagSource = expected.fill("${S}/" + TAGGED);
        String tagMirror = expected.fill("${M}/" + TAGGED);
        assertThat(itms.getMetadata().getName()).isEqualTo(ITMS_NAME);
        assertThat(itms.getSpec().getImageTagMirrors()).singleElement().satisfies(e -> {
            assertThat(e.getSource()).isEqualTo(tagSource);
            assertThat(e.getMirrors()).containsExactly(tagMirror);
        });
        source.stop();
        String mirrored = tagMirror + tagged.pullSpec().substring(tagSource.length());

        // release-info by tag, the source stopped: without the ITMS the tag cannot be found, with it the mirror serves it
        InProcess.Run without = releaseInfo(tagged.pullSpec(), world.idmsFile());
        assertThat(without.exitCode()).as(without.out() + without.err()).isEqualTo(1);
        InProcess.Run with = releaseInfo(tagged.pullSpec(), world.idmsFile(), itmsFile);
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(with.out()).contains("served by:  " + mirrored).contains("version:    " + MirroredRelease.VERSION);

        // the ITMS applied: the operator hands the tag mirrors to both Deployments, apart from the §7 strings
        String tagOverrides = tagSource + "=" + tagMirror;
        kube.deleteAfterTest(client.resource(itms).create());
        Eventually.await("OPENSHIFT_IMG_TAG_OVERRIDES on both Deployments of " + cpns, WAIT,
                () -> bothAre(cpns, d -> tagOverrides.equals(env(d, ControlPlaneContract.ENV_IMG_TAG_OVERRIDES))));
        assertThat(strings.current()).as("the §7 strings do not change").isEqualTo(expected.with(ORIGINAL));
        Eventually.await("RegistryOverridesPropagated=True", WAIT, () -> isTrue(ns, Conditions.REGISTRY_OVERRIDES_PROPAGATED));

        // a HostedCluster whose release is named by that tag: the hypershift-operator's lookup goes to the tag mirror
        String tcpns = ns + "-" + TAGGED;
        client.resource(ClusterObjects.hostedCluster(ns, TAGGED, tagged.pullSpec(), imageContentSources())).create();
        Eventually.await("the release of " + TAGGED + " served by " + mirrored, WAIT,
                () -> mirrored.equals(releaseServedBy(TAGGED)));
        Eventually.await("OPENSHIFT_IMG_TAG_OVERRIDES on both Deployments of " + tcpns, WAIT,
                () -> bothAre(tcpns, d -> tagOverrides.equals(env(d, ControlPlaneContract.ENV_IMG_TAG_OVERRIDES))));

        // its control-plane-operator, run as its Deployment says, reads the tag mirrors and finds the release there
        Deployment d = both(tcpns).get(0);
        PodStandIn pod = PodStandIn.of(client, d, podDir("tagged-control-plane-operator"));
        assertThat(pod.env()).containsEntry(ControlPlaneContract.ENV_IMG_TAG_OVERRIDES, tagOverrides);
        CpoOptions options = InProcess.parse(io.hypershift.cpo.cli.Main.commandLine(),
                io.hypershift.cpo.cli.RunCommand.class, pod.argsWith(nodeFlags())).options(pod.env());
        assertThat(options.tagMirrors().format()).isEqualTo(tagOverrides);
        KubernetesClient asCpo = asServiceAccount(d);
        try (CpoApp taggedCpo = CpoApp.start(options, asCpo, ReleaseBackends.live(options.registryClient()),
                CatalogBackends.live(options.registryClient(), Clock.systemUTC()), Clock.systemUTC(),
                kube.josdk().andThen(o -> o.withKubernetesClient(asCpo).withCloseClientOnStop(false)))) {
            // the payload runs the release where it was found, pinned by the digest the lookup saw
            String payload = tagMirror + "/ocp-release@" + tagged.digest();
            Eventually.await("the cluster-version-operator of " + TAGGED + " with the release from the tag mirror", WAIT,
                    () -> deployment(tcpns, "cluster-version-operator").map(cvo -> cvo.getSpec().getTemplate().getSpec()
                            .getInitContainers().get(0).getImage()).filter(payload::equals).isPresent());
        }
        assertThat(mirror.countRequests(r -> r.path().startsWith("/v2/" + TAGGED + "/ocp-release/manifests/")
                && r.status() == 200)).isPositive();

        // diagnose checks the tag overrides too
        InProcess.Run diagnose = diagnoseOk();
        assertThat(diagnose.out()).contains("env " + ControlPlaneContract.ENV_IMG_TAG_OVERRIDES).contains(tagOverrides);
    }

    @Test
    @Order(10)
    void scenario10_whenAHostedClusterIgnoresTheManagementMirrors_itShouldGetEqualsWhileItsNeighbourKeepsItsMirrors()
            throws Exception {
        // it asks for no mirrors, so its release comes from the source, which must run for it
        source.restart();
        String ocpns = ns + "-" + OPTED_OUT;
        HostedCluster hc = ClusterObjects.hostedCluster(ns, OPTED_OUT, world.releaseImage(), imageContentSources());
        hc.getMetadata().setAnnotations(Map.of(Annotations.IGNORE_MANAGEMENT_CLUSTER_IMAGE_MIRRORS, "true"));
        client.resource(hc).create();
        ExpectedStrings.Strings none = expected.withoutPolicies();
        Eventually.await("OPENSHIFT_IMG_OVERRIDES== on both Deployments of " + ocpns, WAIT,
                () -> bothAre(ocpns, d -> "=".equals(env(d, ControlPlaneContract.ENV_IMG_OVERRIDES))));
        List<Deployment> written = both(ocpns);
        assertThat(DeploymentStrings.main(written.get(0)).getArgs()).as("the operator's RO still applies")
                .contains(none.controlPlaneOperatorArg());
        assertThat(DeploymentStrings.main(written.get(1)).getArgs())
                .containsSubsequence("--registry-overrides", none.ignitionServerOverrides());
        for (Deployment d : written) {
            assertThat(envNames(d)).as("no tag overrides either, although an ITMS exists")
                    .containsExactlyElementsOf(ENV_WITHOUT_TAGS);
        }
        Eventually.await("RegistryOverridesPropagated=True (ManagementClusterImageMirrorsIgnored) on " + OPTED_OUT, WAIT,
                () -> ClusterObjects.condition(client, ns, OPTED_OUT, Conditions.REGISTRY_OVERRIDES_PROPAGATED)
                        .filter(c -> "True".equals(c.getStatus())
                                && Conditions.MANAGEMENT_MIRRORS_IGNORED.equals(c.getReason())).isPresent());
        optedOutBefore.addAll(both(ocpns));

        // the neighbour keeps the management cluster's mirrors, tag mirrors included
        assertThat(strings.current()).isEqualTo(expected.with(ORIGINAL));
        assertThat(env(strings.get(ControlPlaneContract.CONTROL_PLANE_OPERATOR),
                ControlPlaneContract.ENV_IMG_TAG_OVERRIDES)).isNotNull();

        InProcess.Run diagnose = InProcess.execute(io.hypershift.operator.cli.Main.commandLine(), List.of("diagnose",
                "--kubeconfig", kube.kubeconfigFile().toString(), "--hosted-cluster", ns + "/" + OPTED_OUT));
        // (no control-plane-operator runs for it here, so its OLM catalog rows are MISMATCH: only the overrides count)
        List<String> rows = diagnose.out().lines().filter(l -> l.startsWith(ns + "/" + OPTED_OUT + " ")
                && (l.contains(" arg --registry-overrides ") || l.contains(" env OPENSHIFT_IMG_"))).toList();
        assertThat(rows).as(diagnose.out()).hasSize(4).allMatch(l -> l.strip().endsWith("OK"));
        assertThat(diagnose.out()).contains("ignores the management cluster's mirrors");
        source.stop();
    }

    @Test
    @Order(11)
    void scenario11_whenNoItmsIsLeft_theNeighbourShouldBeByteIdenticalToBeforeAndTheOptedOutClusterShouldNotRoll() {
        client.resource(itms).delete();
        Eventually.await("no OPENSHIFT_IMG_TAG_OVERRIDES left on " + cpns, WAIT,
                () -> bothAre(cpns, d -> env(d, ControlPlaneContract.ENV_IMG_TAG_OVERRIDES) == null));
        List<Deployment> after = both(cpns);
        for (int i = 0; i < 2; i++) {
            assertThat(template(after.get(i))).as(after.get(i).getMetadata().getName() + "'s pod template")
                    .isEqualTo(templatesBefore.get(i));
        }
        assertThat(strings.current()).isEqualTo(expected.with(ORIGINAL));
        Eventually.await("RegistryOverridesPropagated=True", WAIT, () -> isTrue(ns, Conditions.REGISTRY_OVERRIDES_PROPAGATED));
        diagnoseOk();

        // the opted-out cluster never had tag overrides: the ITMS going away (one event that re-reconciles every
        // HostedCluster, the neighbour's new Deployments seen above) leaves its Deployments as they were
        String ocpns = ns + "-" + OPTED_OUT;
        for (Deployment before : optedOutBefore) {
            Deployment now = deployment(ocpns, before.getMetadata().getName()).orElseThrow();
            assertThat(now.getMetadata().getGeneration()).as(before.getMetadata().getName() + " did not roll")
                    .isEqualTo(before.getMetadata().getGeneration());
            assertThat(template(now)).isEqualTo(template(before));
        }
        client.resources(HostedCluster.class).inNamespace(ns).withName(OPTED_OUT).delete();
        client.resources(HostedCluster.class).inNamespace(ns).withName(TAGGED).delete();
    }
}
