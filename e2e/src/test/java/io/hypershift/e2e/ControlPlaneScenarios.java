package io.hypershift.e2e;

import static io.hypershift.e2e.ExpectedStrings.IdmsState.ORIGINAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hypershift.api.Conditions;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.cpo.CpoApp;
import io.hypershift.cpo.config.CpoOptions;
import io.hypershift.cpo.release.CatalogBackends;
import io.hypershift.cpo.release.ReleaseBackends;
import io.hypershift.ignition.IgnitionServerApp;
import io.hypershift.ignition.cli.StartCommand;
import io.hypershift.ignition.config.IgnitionServerOptions;
import io.hypershift.ignition.translate.RegistryBackends;
import io.hypershift.support.testing.Eventually;
import io.hypershift.testing.kube.Capability;
import io.hypershift.testing.kube.Crds;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenarios 5 and 6: the control-plane-operator and the ignition-server run in-process as the Deployments the
 * hypershift-operator wrote say ({@link PodStandIn}: their args and env, their Secret volumes, their ServiceAccount),
 * plus only what a pod gets from its node: a client to the API server, free loopback ports, and the mirror's CA (the
 * operator's Deployments do not carry a CA bundle; see the README).
 *
 * <p>The client is the Deployment's ServiceAccount (impersonated, as the pod's projected token would make it), so on
 * every backend but the mock, which enforces no RBAC, each binary may do only what the Role the hypershift-operator
 * wrote for it grants (OwnerReferencesPermissionEnforcement on, as on OpenShift): a permission missing from a Role
 * fails its scenario here, as it would fail the pod in production.
 */
abstract class ControlPlaneScenarios extends E2eState {
    static final List<String> CONTROL_PLANE = List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler",
            "cluster-version-operator");

    CpoApp cpo;
    IgnitionServerApp ignition;
    Path pods;
    /** The clients of the two binaries, each its Deployment's ServiceAccount. */
    final List<KubernetesClient> podClients = new ArrayList<>();

    /** Stops what scenarios 5 and 6 started, and removes the files their pods were given (a serving key among them). */
    void closeAll() throws IOException {
        if (ignition != null) {
            ignition.close();
        }
        if (cpo != null) {
            cpo.close();
        }
        podClients.forEach(KubernetesClient::close);
        if (pods != null) {
            try (Stream<Path> files = Files.walk(pods)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    Path podDir(String name) throws IOException {
        if (pods == null) {
            pods = Files.createTempDirectory("e2e-pods-");
        }
        return Files.createDirectories(pods.resolve(name));
    }

    /**
     * A client that is {@code d}'s ServiceAccount, bound only by the Role and RoleBinding the hypershift-operator wrote.
     * Where RBAC is enforced, checks that it is: the ServiceAccount may not read the HostedCluster namespace's Secrets.
     */
    KubernetesClient asServiceAccount(Deployment d) {
        String sa = d.getSpec().getTemplate().getSpec().getServiceAccountName();
        String podNs = d.getMetadata().getNamespace();
        assertThat(sa).as("serviceAccountName of " + d.getMetadata().getName()).isEqualTo(d.getMetadata().getName());
        KubernetesClient c = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withImpersonateUsername("system:serviceaccount:" + podNs + ":" + sa)
                .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + podNs, "system:authenticated")
                .build()).build();
        podClients.add(c);
        boolean enforced = kube.has(Capability.RBAC);
        if (enforced) {
            assertThatThrownBy(() -> c.secrets().inNamespace(ns).list()).as(sa + " lists the Secrets of " + ns)
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
        timings.note(sa + " runs as system:serviceaccount:" + podNs + ":" + sa + " (impersonated); RBAC "
                + (enforced ? "enforced: only its Role applies" : "not enforced on " + kube.backendName()));
        return c;
    }

    /** The operator's --registry-ca-file reached the pod as its ConfigMap, mounted: the same CA, read from there. */
    private void assertRegistryCaHandedOn(PodStandIn pod) throws java.io.IOException {
        String flag = pod.args().stream().filter(a -> a.startsWith("--registry-ca-file=")).findFirst().orElseThrow();
        java.nio.file.Path file = java.nio.file.Path.of(flag.substring(flag.indexOf('=') + 1));
        assertThat(file).startsWith(pods).hasFileName(ControlPlaneContract.REGISTRY_CA_KEY);
        assertThat(java.nio.file.Files.readString(file)).isEqualTo(java.nio.file.Files.readString(mirror.caFile()));
    }

    Map<String, String> nodeFlags() {
        return Map.of("--metrics-bind-address", "127.0.0.1:0", "--health-probe-bind-address", "127.0.0.1:0");
    }

    @Test
    @Order(5)
    void scenario5_whenTheControlPlaneOperatorRunsAsItsDeploymentSays_itShouldRenderTheComponentsFromTheMirror()
            throws Exception {
        Deployment d = client.apps().deployments().inNamespace(cpns).withName(ControlPlaneContract.CONTROL_PLANE_OPERATOR).get();
        PodStandIn pod = PodStandIn.of(client, d, podDir("control-plane-operator"));
        assertThat(pod.args()).hasSize(3).startsWith("run", expected.with(ORIGINAL).controlPlaneOperatorArg());
        assertRegistryCaHandedOn(pod);
        assertThat(pod.env()).containsEntry(ControlPlaneContract.ENV_IMG_OVERRIDES, expected.with(ORIGINAL).imgOverridesEnv())
                .containsEntry(ControlPlaneContract.ENV_POD_NAMESPACE, cpns);

        io.hypershift.cpo.cli.RunCommand run = InProcess.parse(io.hypershift.cpo.cli.Main.commandLine(),
                io.hypershift.cpo.cli.RunCommand.class, pod.argsWith(nodeFlags()));
        CpoOptions options = run.options(pod.env());
        assertThat(options.namespace()).as("from POD_NAMESPACE (the downward API)").isEqualTo(cpns);
        assertThat(options.warnings()).as("every piece of the env and the flag parses").isEmpty();
        long t0 = System.nanoTime();
        KubernetesClient asCpo = asServiceAccount(d);
        cpo = CpoApp.start(options, asCpo, ReleaseBackends.live(options.registryClient()),
                CatalogBackends.live(options.registryClient(), Clock.systemUTC()), Clock.systemUTC(),
                kube.josdk().andThen(o -> o.withKubernetesClient(asCpo).withCloseClientOnStop(false)));

        Map<String, String> images = Map.of(
                "kube-apiserver", world.componentOn("hyperkube", mirror.hostPort()),
                "kube-controller-manager", world.componentOn("hyperkube", mirror.hostPort()),
                "kube-scheduler", world.componentOn("hyperkube", mirror.hostPort()),
                "cluster-version-operator", world.componentOn("cluster-version-operator", mirror.hostPort()));
        Eventually.await("the control-plane Deployments on the mirror", WAIT, () -> CONTROL_PLANE.stream().allMatch(name -> {
            Deployment c = client.apps().deployments().inNamespace(cpns).withName(name).get();
            return c != null && images.get(name).equals(DeploymentStrings.main(c).getImage());
        }));
        Eventually.await("the image-content-source ConfigMap", WAIT, () -> client.configMaps().inNamespace(cpns)
                .withName(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP).get() != null);
        timings.step("control-plane-operator start → component Deployments and ConfigMap written",
                Duration.ofNanos(System.nanoTime() - t0));

        Deployment cvo = client.apps().deployments().inNamespace(cpns).withName("cluster-version-operator").get();
        Container payload = cvo.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(payload.getImage()).as("the release, from the mirror that served it")
                .isEqualTo(world.releaseImageOn(mirror.hostPort()));
        assertThat(DeploymentStrings.main(cvo).getArgs()).contains("--release-image=" + world.releaseImage());

        ConfigMap icsConfig = client.configMaps().inNamespace(cpns).withName(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP).get();
        assertThat(icsConfig.getMetadata().getLabels()).containsEntry("hypershift.openshift.io/core-ignition-config", "true");
        JsonNode idms = new YAMLMapper().readTree(icsConfig.getData().get("config"));
        assertThat(idms.path("apiVersion").asText()).isEqualTo("config.openshift.io/v1");
        assertThat(idms.path("kind").asText()).isEqualTo("ImageDigestMirrorSet");
        assertThat(idms.path("metadata").path("name").asText()).isEqualTo("cluster");
        List<List<String>> entries = new ArrayList<>();
        idms.path("spec").path("imageDigestMirrors").forEach(e -> {
            List<String> entry = new ArrayList<>(List.of(e.path("source").asText()));
            e.path("mirrors").forEach(m -> entry.add(m.asText()));
            entries.add(entry);
        });
        assertThat(entries).as("spec.imageContentSources of the HostedCluster, in order").isEqualTo(List.of(
                List.of("registry.redhat.io/redhat", expected.fill("${M}/redhat")),
                List.of(expected.fill("${S}/openshift-release-dev"), expected.fill("${M}/openshift-release-dev"))));
        // no OLM annotation: the catalogs follow the release, looked up through RO (registry.redhat.io/redhat moved to
        // the mirror), and without ImageStreams each is pinned to the digest found
        if (!Crds.servesImageStreams(client)) {
            Eventually.await("the catalog Deployments pinned on the mirror", WAIT,
                    () -> catalogDeploymentImages().equals(pinnedCatalogs("redhat")));
        }
        Eventually.await("ValidReleaseImage=True on the HostedControlPlane", WAIT, () -> {
            HostedControlPlane hcp = client.resources(HostedControlPlane.class).inNamespace(cpns).withName(CLUSTER).get();
            return hcp.getStatus() != null && hcp.getStatus().getConditions().stream().anyMatch(c ->
                    Conditions.VALID_RELEASE_IMAGE.equals(c.getType()) && "True".equals(c.getStatus()));
        });

        // with the control-plane-operator running, the whole cluster is as the management cluster's policies say
        InProcess.Run diagnose = diagnoseOk();
        assertThat(diagnose.out()).contains(expected.with(ORIGINAL).imgOverridesEnv())
                .contains(expected.with(ORIGINAL).ignitionServerOverrides());

        // a warning Event on the HostedControlPlane (recording one is not fatal, so only looking for it shows it is
        // allowed): the never-contact-source annotation naming no source of spec.imageContentSources
        String stray = "nowhere.invalid/none";
        ClusterObjects.setNeverContactSource(client, ns, CLUSTER, stray);
        try {
            Eventually.await("the control-plane-operator's InvalidImageContentSources Event", WAIT, () -> client.v1()
                    .events().inNamespace(cpns).list().getItems().stream().anyMatch(e -> "InvalidImageContentSources"
                            .equals(e.getReason()) && CLUSTER.equals(e.getInvolvedObject().getName())
                            && ControlPlaneContract.CONTROL_PLANE_OPERATOR.equals(e.getReportingComponent())
                            && e.getMessage().contains("\"" + stray + "\" is not a source")));
        } finally {
            ClusterObjects.setNeverContactSource(client, ns, CLUSTER, null);
        }

        // no data-plane mirrors: the control-plane-operator deletes its ConfigMap; back, and it writes it again
        var configMap = client.configMaps().inNamespace(cpns).withName(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP);
        setImageContentSources(null);
        try {
            Eventually.await("the image-content-source ConfigMap deleted", WAIT, () -> configMap.get() == null);
        } finally {
            setImageContentSources(imageContentSources());
        }
        Eventually.await("the image-content-source ConfigMap written again", WAIT, () -> configMap.get() != null);
    }

    @Test
    @Order(6)
    void scenario6_whenTheIgnitionServerRunsAsItsDeploymentSays_itShouldServeTheMirrorsToANodeWithTheToken()
            throws Exception {
        Deployment d = client.apps().deployments().inNamespace(cpns).withName(ControlPlaneContract.IGNITION_SERVER).get();
        PodStandIn pod = PodStandIn.of(client, d, podDir("ignition-server"));
        assertThat(pod.args()).containsSubsequence("serve", "--registry-overrides",
                expected.with(ORIGINAL).ignitionServerOverrides());
        assertRegistryCaHandedOn(pod);
        Map<String, String> flags = new java.util.HashMap<>(nodeFlags());
        flags.put("--port", "0");
        flags.put("--address", "127.0.0.1");
        StartCommand start = InProcess.parse(io.hypershift.ignition.cli.Main.commandLine(), StartCommand.class,
                pod.argsWith(flags));
        IgnitionServerOptions options = start.options(pod.env());
        assertThat(options.namespace()).isEqualTo(cpns);
        assertThat(options.certFile()).as("the serving certificate from the operator's Secret volume")
                .startsWith(pods).hasFileName("tls.crt");
        long t0 = System.nanoTime();
        ignition = IgnitionServerApp.start(options, asServiceAccount(d), RegistryBackends.live(options.registryClient()),
                Clock.systemUTC());

        String token = ClusterObjects.secretValue(client, cpns, ControlPlaneContract.IGNITION_TOKEN_SECRET, "token");
        String cert = ClusterObjects.secretValue(client, cpns, ControlPlaneContract.IGNITION_SERVING_CERT_SECRET, "tls.crt");
        String service = "ignition-server." + cpns + ".svc";
        int port = ignition.httpsAddress().getPort();
        AtomicReference<HttpResponse<byte[]>> ok = new AtomicReference<>();
        Eventually.await("GET /ignition answers 200", WAIT, () -> {
            ok.set(IgnitionFetchUnchecked.get(port, token, cert, service));
            return ok.get().statusCode() == 200;
        });
        timings.step("ignition-server start → first 200 on /ignition", Duration.ofNanos(System.nanoTime() - t0));

        List<String> version = new ArrayList<>();
        Map<String, IgnitionFetch.File> files = IgnitionFetch.files(ok.get().body(), version);
        assertThat(version).containsExactly("3.4.0");
        assertThat(files.get("/etc/containers/registries.conf").contents()).isEqualTo(expected.registriesConf(List.of(
                List.of("${S}/openshift-release-dev", "${M}/openshift-release-dev"),
                List.of("registry.redhat.io/redhat", "${M}/redhat"))));
        IgnitionFetch.File kubelet = files.get("/var/lib/kubelet/config.json");
        assertThat(kubelet.mode()).isEqualTo(0600);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(kubelet.contents())).isEqualTo(json.readTree(mirror.authJson()));

        JsonNode release = json.readTree(files.get("/etc/hypershift/release.json").contents());
        assertThat(release.path("version").asText()).isEqualTo(MirroredRelease.VERSION);
        assertThat(release.path("image").asText()).isEqualTo(world.releaseImage());
        assertThat(release.path("servedBy").asText()).isEqualTo(world.releaseImageOn(mirror.hostPort()));
        for (String name : List.of("machine-config-operator", "pod", "haproxy-router")) {
            assertThat(release.at("/components/" + name + "/image").asText()).as(name)
                    .isEqualTo(world.componentOn(name, mirror.hostPort()));
            assertThat(release.at("/components/" + name + "/digest").asText()).isEqualTo(world.componentDigest(name));
        }

        HttpResponse<byte[]> unknown = IgnitionFetch.get(port, "not-" + token, cert, service);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEmpty();
        assertThat(IgnitionFetch.get(port, null, cert, service).statusCode()).isEqualTo(401);
    }

    /** Sets (or with null removes) {@code spec.imageContentSources} of the HostedCluster. */
    private void setImageContentSources(List<io.hypershift.api.v1beta1.ImageContentSource> sources) {
        ClusterObjects.mergePatchHostedCluster(client, ns, CLUSTER, Map.of("spec", nullable("imageContentSources", sources)));
    }

    private static Map<String, Object> nullable(String key, Object value) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put(key, value);
        return m;
    }

    /** {@link IgnitionFetch#get} for lambdas: checked exceptions become unchecked (a retry then sees them). */
    private static final class IgnitionFetchUnchecked {
        static HttpResponse<byte[]> get(int port, String token, String cert, String service) {
            try {
                return IgnitionFetch.get(port, token, cert, service);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
