package io.hypershift.e2e;

import static io.hypershift.e2e.ExpectedStrings.IdmsState.ORIGINAL;
import static io.hypershift.e2e.ExpectedStrings.IdmsState.SECOND_MIRROR;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.api.v1beta1.OLMCatalogPlacement;
import io.hypershift.operator.components.ComponentOptions;
import io.hypershift.operator.install.InstallManifests;
import io.hypershift.support.testing.Eventually;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.support.testing.NodeRuntime;
import io.hypershift.support.testing.Skopeo;
import io.hypershift.testing.kube.Capability;
import io.hypershift.testing.kube.Crds;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import io.hypershift.testing.kube.NodeShell;
import io.hypershift.testing.kube.RequiresCapability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The disconnected pipeline with Pods, on a cluster whose node runs them (the k3s backend: the node image of
 * hack/node-image.sh in testcontainers' K3sContainer). Nothing runs in the test's JVM: the three images built by this
 * build run as Pods and pull from the mirror registry, which listens on the host side of the node's network, with
 * TLS from a private CA that the node's containerd is told to trust, and with basic auth that the Pods' image pull
 * secrets carry. The source registry is stopped before anything is deployed.
 *
 * <p>The scenarios build on each other, in order; their timings go to the output and to
 * {@code target/e2e-report/pods-<backend>.md}. The object-level scenarios ({@link DisconnectedClusterTest}) stay for
 * the bare API server.
 */
@KubeTest(crds = false, namespace = KubeTest.NamespaceScope.CLASS)
@RequiresCapability({Capability.CONTROLLERS, Capability.NODE_SHELL})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodsOnANodeTest {
    /** How long a Deployment may take to become Available: image pulls and JVM starts on a shared 2-core machine. */
    static final Duration POD_WAIT = Duration.ofSeconds(Long.getLong("e2e.podWaitSeconds", 300));
    static final String OPERATOR_NAMESPACE = "hypershift";
    static final String CLUSTER = E2eState.CLUSTER;
    /** The uid the tiny component images run as (the Pods are runAsNonRoot). */
    static final String COMPONENT_USER = "65532";
    static final String MIRROR_PULL_SECRET = "mirror-pull";
    static final List<String> COMPONENT_DEPLOYMENTS = List.of("kube-apiserver", "kube-controller-manager",
            "kube-scheduler", "cluster-version-operator");
    static final String KUBECTL = "/opt/hypershift-java/bin/kubectl";
    static final String NODE_KUBECONFIG = "/etc/rancher/k3s/k3s.yaml";

    final Timings timings = new Timings();
    @RegisterExtension
    final ScenarioChain chain = new ScenarioChain(timings);

    KubeContext kube;
    KubernetesClient client;
    NodeShell node;
    String ns;
    String cpns;
    LocalRegistry source;
    LocalRegistry mirror;
    MirroredRelease world;
    ExpectedStrings expected;
    String operatorImage;
    /** The registries.conf the ignition-server served to the node in scenario 4. */
    String servedRegistriesConf;
    /** The Deployments' generations once the control plane settled, by namespace/name. */
    Map<String, Long> settled;

    @BeforeEach
    void setUp(KubeContext kube, TestInfo info) {
        if (this.kube == null) {
            this.kube = kube;
            this.client = kube.client();
            this.ns = kube.namespace();
            this.cpns = ns + "-" + CLUSTER;
            this.node = kube.cluster().node().orElseThrow();
            timings.step("cluster start (" + kube.backendName() + ")", kube.clusterStartup());
            timings.note(kube.cluster().description());
        }
        System.out.println("[e2e] " + info.getDisplayName() + " on " + kube.backendName());
    }

    @AfterAll
    void tearDown() {
        if (source != null) {
            source.stop();
        }
        if (mirror != null) {
            mirror.stop();
        }
        timings.report("Pod-level e2e on " + (kube == null ? "?" : kube.backendName()), Path.of("target", "e2e-report",
                "pods-" + (kube == null ? "none" : kube.backendName()) + ".md"));
    }

    @Test
    @Order(1)
    void scenario1_whenTheReleaseIsMirroredWhereTheNodeReachesIt_theSourceShouldStopAndTheNodeTrustTheMirror()
            throws Exception {
        Path cpoTar = ImageGate.tar("control-plane-operator");
        Path ignitionTar = ImageGate.tar("ignition-server");
        Path operatorTar = ImageGate.tar("hypershift-operator");
        for (Path tar : List.of(cpoTar, ignitionTar, operatorTar)) {
            ImageGate.require(Files.isRegularFile(tar), tar + " is missing: the build makes it in the package phase");
        }
        String host = node.hostAddress();
        Path base = Path.of("target", "local-registry", getClass().getSimpleName()).toAbsolutePath();
        source = LocalRegistry.named("source").tls().address(host).start(base);
        mirror = LocalRegistry.named("mirror").tls().auth("mirror-user", "e2e-mirror-pass").address(host).start(base);
        node.trustRegistry(mirror.hostPort(), Files.readString(mirror.caFile()));
        timings.note("registries on " + host + ", the host side of the node's network: " + source + ", " + mirror);

        world = MirroredRelease.create(source, mirror, f -> f.runnable(COMPONENT_USER)
                .prebuilt(ComponentOptions.CPO_COMPONENT, cpoTar)
                .prebuilt(ComponentOptions.IGNITION_COMPONENT, ignitionTar));
        timings.step("push the release (real control-plane-operator and ignition-server images, runnable components)"
                + " to the source", world.pushTook());
        timings.step("hack/mirror.sh: release and components to the mirror", world.mirrorTook());
        long t0 = System.nanoTime();
        operatorImage = mirror.hostPort() + "/hypershift/hypershift-operator@"
                + Skopeo.pushArchive(operatorTar, mirror, "hypershift/hypershift-operator:e2e");
        timings.step("push the hypershift-operator image to the mirror", Duration.ofNanos(System.nanoTime() - t0));
        expected = new ExpectedStrings(source.hostPort(), mirror.hostPort());
        source.stop();

        assertThat(source.isRunning()).isFalse();
        assertThat(world.release().components().get("hypershift")).startsWith(source.hostPort() + "/");
        // the node's containerd reads the CA at its next pull; nothing else on the node changed
        assertThat(node.exec(Duration.ofSeconds(10), List.of("cat",
                node.registryConfigDir() + "/" + mirror.hostPort() + "/hosts.toml")).out()).contains("ca = ");
    }

    @Test
    @Order(2)
    void scenario2_whenInstalledWithKubectl_theOperatorShouldRunAsAPodPulledFromTheMirror() throws Exception {
        Crds.install(client, Crds.mirrorPolicies(), true, Crds.DEFAULT_TIMEOUT);
        // the namespace and the pull secret first, so that the first pull already has credentials
        client.resource(new NamespaceBuilder().withNewMetadata().withName(OPERATOR_NAMESPACE).endMetadata().build())
                .serverSideApply();
        client.resource(ClusterObjects.pullSecret(OPERATOR_NAMESPACE, MIRROR_PULL_SECRET, mirror.authJson()))
                .serverSideApply();

        InProcess.Run render = InProcess.execute(io.hypershift.operator.cli.Main.commandLine(), List.of("install",
                "render", "--namespace", OPERATOR_NAMESPACE, "--image", operatorImage,
                "--additional-trust-bundle", mirror.caFile().toString(), "--image-pull-secret", MIRROR_PULL_SECRET));
        assertThat(render.exitCode()).as(render.err()).isZero();
        node.write("/tmp/hypershift-install.yaml", render.out().getBytes(StandardCharsets.UTF_8), 0600);
        long t0 = System.nanoTime();
        NodeShell.Result apply = node.exec(Duration.ofSeconds(120), List.of("sh", "-c",
                KUBECTL + " --kubeconfig " + NODE_KUBECONFIG + " apply -f - < /tmp/hypershift-install.yaml"))
                .requireSuccess("hypershift-operator install render | kubectl apply -f -");
        System.out.println("[e2e] kubectl apply:\n" + apply.out().strip());
        assertThat(apply.out()).contains("deployment.apps/" + InstallManifests.NAME + " created");

        Deployment operator = PodWaits.awaitAvailable(client, OPERATOR_NAMESPACE, InstallManifests.NAME, POD_WAIT);
        timings.step("kubectl apply → hypershift-operator Deployment Available (" + operator.getSpec().getReplicas()
                + " replicas)", Duration.ofNanos(System.nanoTime() - t0));
        for (Pod p : PodWaits.of(client, OPERATOR_NAMESPACE, InstallManifests.NAME)) {
            assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo(operatorImage);
            assertThat(PodWaits.imageIds(p)).allSatisfy(id -> assertThat(id).startsWith(mirror.hostPort() + "/"));
        }
        assertThat(mirror.countRequests(r -> r.path().startsWith("/v2/hypershift/hypershift-operator/manifests/sha256:")
                && r.status() == 200)).as("pulled by the node from the mirror").isPositive();
        Eventually.await("a leader among the operator's Pods", POD_WAIT, () -> leader() != null);
        timings.note("leader: " + leader());
    }

    @Test
    @Order(3)
    void scenario3_whenAHostedClusterIsCreated_itsControlPlaneShouldRunOnMirroredImagesAndDiagnoseShouldPass()
            throws Exception {
        kube.deleteAfterTest(client.resource(world.idms()).create());
        kube.deleteAfterTest(client.resource(world.icsp()).create());
        client.resource(ClusterObjects.pullSecret(ns, mirror.authJson())).create();
        HostedCluster hc = ClusterObjects.hostedCluster(ns, CLUSTER, world.releaseImage(), List.of(
                new ImageContentSource(expected.fill("${S}/openshift-release-dev"),
                        List.of(expected.fill("${M}/openshift-release-dev")))));
        hc.getSpec().setOlmCatalogPlacement(OLMCatalogPlacement.GUEST);
        long t0 = System.nanoTime();
        client.resource(hc).create();

        String env = expected.with(ORIGINAL).imgOverridesEnv();
        for (String name : List.of(ControlPlaneContract.CONTROL_PLANE_OPERATOR, ControlPlaneContract.IGNITION_SERVER)) {
            Deployment d = PodWaits.awaitAvailable(client, cpns, name, POD_WAIT);
            timings.step("HostedCluster created → " + name + " Available", Duration.ofNanos(System.nanoTime() - t0));
            assertThat(PodWaits.env(d, ControlPlaneContract.ENV_IMG_OVERRIDES)).isEqualTo(env);
            assertThat(DeploymentStrings.main(d).getArgs()).contains("--registry-ca-file="
                    + ControlPlaneContract.REGISTRY_CA_MOUNT_PATH + "/" + ControlPlaneContract.REGISTRY_CA_KEY);
        }
        assertThat(DeploymentStrings.main(client.apps().deployments().inNamespace(cpns)
                .withName(ControlPlaneContract.CONTROL_PLANE_OPERATOR).get()).getImage())
                .isEqualTo(world.componentOn("hypershift", mirror.hostPort()));
        assertThat(DeploymentStrings.main(client.apps().deployments().inNamespace(cpns)
                .withName(ControlPlaneContract.IGNITION_SERVER).get()).getImage())
                .isEqualTo(world.componentOn("ignition-server", mirror.hostPort()));
        for (String name : COMPONENT_DEPLOYMENTS) {
            PodWaits.awaitAvailable(client, cpns, name, POD_WAIT);
        }
        timings.step("HostedCluster created → the control-plane-operator's " + COMPONENT_DEPLOYMENTS.size()
                + " component Deployments Available", Duration.ofNanos(System.nanoTime() - t0));
        List<String> images = new ArrayList<>();
        for (String name : List.of(ControlPlaneContract.CONTROL_PLANE_OPERATOR, ControlPlaneContract.IGNITION_SERVER,
                "kube-apiserver", "kube-controller-manager", "kube-scheduler", "cluster-version-operator")) {
            for (Pod p : PodWaits.of(client, cpns, name)) {
                images.addAll(PodWaits.imageIds(p));
            }
        }
        assertThat(images).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith(mirror.hostPort() + "/"));
        timings.note("every control-plane Pod runs an image pulled from the mirror: " + images.size() + " containers");
        timings.note(nodeMemory());

        InProcess.Run diagnose = InProcess.execute(io.hypershift.operator.cli.Main.commandLine(), List.of("diagnose",
                "--kubeconfig", kube.kubeconfigFile().toString(), "--hosted-cluster", ns + "/" + CLUSTER));
        System.out.println("[e2e] diagnose:\n" + diagnose.out().strip());
        assertThat(diagnose.exitCode()).as(diagnose.out() + diagnose.err()).isZero();
        assertThat(diagnose.out()).contains(env).doesNotContain("MISMATCH");
        settled = generations();
    }

    @Test
    @Order(4)
    void scenario4_whenANodeFetchesIgnitionThroughTheService_itShouldGetRegistriesConfWithTheMirrors() throws Exception {
        String token = ClusterObjects.secretValue(client, cpns, ControlPlaneContract.IGNITION_TOKEN_SECRET, "token");
        String cert = ClusterObjects.secretValue(client, cpns, ControlPlaneContract.IGNITION_SERVING_CERT_SECRET, "tls.crt");
        NodeIgnition fetch = new NodeIgnition(node, client, cpns);
        long t0 = System.nanoTime();
        AtomicReference<NodeIgnition.Response> ok = new AtomicReference<>();
        Eventually.await("GET /ignition from the node answers 200", Duration.ofSeconds(120), () -> {
            ok.set(fetch.get(token, cert));
            return ok.get().status() == 200;
        });
        timings.step("GET /ignition from the node through the Service → 200", Duration.ofNanos(System.nanoTime() - t0));
        List<String> version = new ArrayList<>();
        Map<String, IgnitionFetch.File> files = IgnitionFetch.files(ok.get().body(), version);
        assertThat(version).containsExactly("3.4.0");
        assertThat(files.get("/etc/containers/registries.conf").contents()).isEqualTo(expected.registriesConf(List.of(
                List.of("${S}/openshift-release-dev", "${M}/openshift-release-dev"))));
        timings.note("/ignition through Service " + fetch.serviceAddress() + " (" + ok.get().body().length + " bytes)");
        assertThat(fetch.get("not-" + token, cert).status()).isEqualTo(401);
        servedRegistriesConf = files.get("/etc/containers/registries.conf").contents();
    }

    @Test
    @Order(5)
    void scenario5_whenContainersImageReadsTheServedFile_itShouldPullAsTheNodesWouldAndNeverContactABlockedSource()
            throws Exception {
        // what a node's CRI-O does with the served file: containers/image (skopeo) reads it as the node's
        // registries.conf; a digest pull goes to the mirror (the source is stopped), a tag pull to the source only
        Assumptions.assumeTrue(NodeRuntime.unavailable() == null, () -> "skopeo cannot read our registries.conf here: "
                + NodeRuntime.unavailable());
        String token = ClusterObjects.secretValue(client, cpns, ControlPlaneContract.IGNITION_TOKEN_SECRET, "token");
        String cert = ClusterObjects.secretValue(client, cpns, ControlPlaneContract.IGNITION_SERVING_CERT_SECRET, "tls.crt");
        NodeIgnition fetch = new NodeIgnition(node, client, cpns);
        Path served = Files.writeString(Files.createTempFile("served-registries", ".conf"), servedRegistriesConf);
        String component = world.release().components().get("machine-config-operator");
        NodeRuntime.Trace digest = NodeRuntime.inspect(served, component, mirrorAccess());
        assertThat(digest.fatal()).as(digest.log()).isNull();
        assertThat(digest.tried()).first().asString().startsWith(mirror.hostPort() + "/");
        String byTag = world.release().pullSpec();
        NodeRuntime.Trace tag = NodeRuntime.inspect(served, byTag, mirrorAccess());
        assertThat(tag.tried()).as("digest-only mirrors: a tag pull goes to the source alone").containsExactly(byTag);
        assertThat(tag.fatal()).as("the source is stopped").isNotNull();

        // NeverContactSource: the file blocks the source, and with the mirror down the node fails without asking it
        String sourceNamespace = expected.fill("${S}/openshift-release-dev");
        ClusterObjects.setNeverContactSource(client, ns, CLUSTER, sourceNamespace);
        AtomicReference<String> blocked = new AtomicReference<>();
        Eventually.await("the served registries.conf blocks " + sourceNamespace, Duration.ofSeconds(60), () -> {
            NodeIgnition.Response r = fetch.get(token, cert);
            if (r.status() != 200) {
                return false;
            }
            String conf;
            try {
                conf = IgnitionFetch.files(r.body(), new ArrayList<>()).get("/etc/containers/registries.conf").contents();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            blocked.set(conf);
            return conf.contains("blocked = true");
        });
        Files.writeString(served, blocked.get());
        source.restart();
        mirror.stop();
        source.markLog();
        try {
            NodeRuntime.Trace never = NodeRuntime.inspect(served, component, mirrorAccess());
            assertThat(never.fatal()).as(never.log()).isNotNull();
            assertThat(never.blocked()).contains(component);
            assertThat(source.requests()).as("the source's access log: no request from the node").isEmpty();
        } finally {
            source.stop();
            mirror.restart();
            ClusterObjects.setNeverContactSource(client, ns, CLUSTER, null);
            Files.deleteIfExists(served);
        }
        timings.note("skopeo (containers/image) on the served registries.conf: digest pull from the mirror with the "
                + "source stopped; tag pull to the source alone; NeverContactSource with the mirror down fails and the "
                + "source sees no request");
    }

    /** skopeo's flags to reach the mirror: its CA directory and an authfile (no credential on a command line). */
    private String[] mirrorAccess() throws java.io.IOException {
        return new String[] {"--cert-dir=" + mirror.certDir(), "--authfile=" + mirror.authFile()};
    }

    @Test
    @Order(6)
    void scenario6_whenTheIdmsIsEdited_theControlPlanePodsShouldRollWithTheNewStrings() {
        ImageDigestMirrorSet idms = client.resources(ImageDigestMirrorSet.class).withName(E2eState.IDMS_NAME).get();
        idms.getSpec().setImageDigestMirrors(ClusterObjects.idms(E2eState.IDMS_NAME,
                SECOND_MIRROR.entries.stream().map(e -> e.stream().map(expected::fill).toList()).toList())
                .getSpec().getImageDigestMirrors());
        String env = expected.with(SECOND_MIRROR).imgOverridesEnv();
        long t0 = System.nanoTime();
        client.resource(idms).update();
        for (String name : List.of(ControlPlaneContract.CONTROL_PLANE_OPERATOR, ControlPlaneContract.IGNITION_SERVER)) {
            PodWaits.awaitRolledOut(client, cpns, name, p -> env.equals(PodWaits.env(p, ControlPlaneContract.ENV_IMG_OVERRIDES)),
                    POD_WAIT);
            timings.step("IDMS edit → new " + name + " Pod Ready, the old one gone", Duration.ofNanos(System.nanoTime() - t0));
        }
        Map<String, Long> now = generations();
        for (String name : COMPONENT_DEPLOYMENTS) {
            assertThat(now.get(cpns + "/" + name)).as(name + ": imageContentSources and mirrors roll no component")
                    .isEqualTo(settled.get(cpns + "/" + name));
        }
        settled = now;
    }

    @Test
    @Order(7)
    void scenario7_whenTheLeadingOperatorPodIsDeleted_anotherShouldLeadAndNothingShouldRoll() {
        String before = leader();
        assertThat(before).isNotNull();
        long t0 = System.nanoTime();
        client.pods().inNamespace(OPERATOR_NAMESPACE).withName(before).delete();
        Eventually.await("another operator Pod leads", POD_WAIT, () -> {
            String now = leader();
            return now != null && !now.equals(before);
        });
        timings.step("leading operator Pod deleted → another Pod holds the lease", Duration.ofNanos(System.nanoTime() - t0));
        PodWaits.awaitAvailable(client, OPERATOR_NAMESPACE, InstallManifests.NAME, POD_WAIT);
        timings.step("leading operator Pod deleted → the operator Deployment Available again",
                Duration.ofNanos(System.nanoTime() - t0));
        // the new leader reconciles every HostedCluster at start; give it the time of one resync's worth of work
        PodWaits.assertStays("no Deployment rolls after the failover", Duration.ofSeconds(20),
                () -> assertThat(generations()).isEqualTo(settled));
    }

    @Test
    @Order(8)
    void scenario8_whenTheHostedClusterIsDeleted_garbageCollectionShouldRemoveItsControlPlane() {
        long t0 = System.nanoTime();
        client.resources(HostedCluster.class).inNamespace(ns).withName(CLUSTER).delete();
        Eventually.await("the HostedCluster gone (its finalizer released)", POD_WAIT,
                () -> client.resources(HostedCluster.class).inNamespace(ns).withName(CLUSTER).get() == null);
        Eventually.await("namespace " + cpns + " gone", POD_WAIT,
                () -> client.namespaces().withName(cpns).get() == null);
        timings.step("HostedCluster deleted → control-plane namespace gone (garbage collection, namespace controller)",
                Duration.ofNanos(System.nanoTime() - t0));
        Namespace gone = client.namespaces().withName(cpns).get();
        assertThat(gone).isNull();
        assertThat(client.pods().inNamespace(cpns).list().getItems()).isEmpty();
    }

    /**
     * The RSS of every process on the node (the node's own and its Pods', all in the node container's PID namespace),
     * and the part that is the JVMs of the three images.
     */
    private String nodeMemory() {
        long total = 0;
        long java = 0;
        int jvms = 0;
        for (String line : node.exec(Duration.ofSeconds(10), List.of("ps", "-eo", "rss=,comm="))
                .requireSuccess("ps").out().lines().toList()) {
            String[] f = line.strip().split("\\s+", 2);
            if (f.length == 2 && f[0].matches("\\d+")) {
                long kib = Long.parseLong(f[0]);
                total += kib;
                if (f[1].equals("java")) {
                    java += kib;
                    jvms++;
                }
            }
        }
        return String.format("node memory with the control plane up: %d MiB RSS in all, of which %d MiB in %d JVMs"
                + " (the operator's Pods, the control-plane-operator, the ignition-server)", total / 1024, java / 1024, jvms);
    }

    /** The holder of the operator's leader-election Lease, if it is one of its live Pods. */
    private String leader() {
        Lease lease = client.leases().inNamespace(OPERATOR_NAMESPACE)
                .withName(io.hypershift.operator.config.OperatorOptions.LEASE_NAME).get();
        if (lease == null || lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null) {
            return null;
        }
        String holder = lease.getSpec().getHolderIdentity();
        return PodWaits.of(client, OPERATOR_NAMESPACE, InstallManifests.NAME).stream()
                .anyMatch(p -> p.getMetadata().getName().equals(holder) && p.getMetadata().getDeletionTimestamp() == null)
                ? holder : null;
    }

    /** Every Deployment's generation in the control-plane namespace, by namespace/name. */
    private Map<String, Long> generations() {
        Map<String, Long> out = new TreeMap<>();
        client.apps().deployments().inNamespace(cpns).list().getItems().forEach(d ->
                out.put(cpns + "/" + d.getMetadata().getName(), d.getMetadata().getGeneration()));
        return out;
    }
}
