package io.hypershift.cpo.controllers.hostedcontrolplane;

import static io.hypershift.support.testing.Eventually.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.cpo.CpoApp;
import io.hypershift.cpo.components.Fixtures;
import io.hypershift.cpo.components.catalogs.CatalogComponents;
import io.hypershift.cpo.config.CpoOptions;
import io.hypershift.cpo.release.CatalogBackends;
import io.hypershift.support.releaseinfo.StaticReleaseProvider;
import io.hypershift.support.testing.MutableClock;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.Updates;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/** A running CPO in a test namespace, and what the OLM catalog tests read back. */
final class OlmCatalogsTestSupport implements AutoCloseable {
    final KubeContext kube;
    final KubernetesClient client;
    final String ns;
    final MutableClock clock = new MutableClock();
    private final List<CpoApp> apps = new ArrayList<>();

    OlmCatalogsTestSupport(KubeContext kube) {
        this.kube = kube;
        this.client = kube.client();
        this.ns = kube.namespace();
    }

    /** The CPO with RO {@code ro} (may be null), the release of {@code version}, and these catalog backends. */
    void start(String ro, String version, CatalogBackends catalogs) throws Exception {
        CpoOptions o = CpoOptions.build(new CpoOptions.Flags(ns, ro, null, "127.0.0.1:0", "127.0.0.1:0", null,
                List.of()), Map.of());
        apps.add(CpoApp.start(o, client, (mirrors, tagMirrors, r) -> new StaticReleaseProvider(Map.of(Fixtures.RELEASE,
                Fixtures.release(version, "b"))), catalogs, clock, kube.josdk()));
    }

    /**
     * JOSDK's reconcile counter {@code which} ({@code started}, {@code success} or {@code failed}) of the CPO started
     * last, summed over its label sets, from its Prometheus scrape.
     */
    double reconciles(String which) {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "^operator_sdk_reconciliations_" + which + "_total(\\{[^}]*})? (\\S+)$", java.util.regex.Pattern.MULTILINE);
        return line.matcher(apps.get(apps.size() - 1).scrape()).results()
                .mapToDouble(m -> Double.parseDouble(m.group(2))).sum();
    }

    /** Waits until a reconcile that started after this call's beginning has finished. */
    void awaitAReconcileFrom(Runnable trigger) {
        double started = reconciles("started");
        trigger.run();
        await("a reconcile after the change", () -> reconciles("started") > started
                && reconciles("success") + reconciles("failed") >= reconciles("started"));
    }

    void pullSecret(String json) {
        client.resource(new SecretBuilder().withNewMetadata().withName(ControlPlaneContract.PULL_SECRET_NAME)
                .withNamespace(ns).endMetadata().withType("kubernetes.io/dockerconfigjson")
                .addToData(ControlPlaneContract.PULL_SECRET_KEY,
                        Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))).build()).create();
    }

    HostedControlPlane create(Map<String, String> annotations, Consumer<HostedControlPlane> more) {
        HostedControlPlane h = Fixtures.hcp(ns, List.of());
        h.getMetadata().setUid(null);
        h.getMetadata().setAnnotations(new TreeMap<>(annotations));
        more.accept(h);
        return client.resource(h).create();
    }

    HostedControlPlane hcp() {
        return client.resources(HostedControlPlane.class).inNamespace(ns).withName("example").get();
    }

    /** Changes the HostedControlPlane, retrying when the operator's status patch wins the race (409). */
    void edit(Consumer<HostedControlPlane> change) {
        Updates.retryOnConflict(client, this::hcp, change);
    }

    Optional<Condition> condition(String type) {
        HostedControlPlane h = hcp();
        return h == null || h.getStatus() == null ? Optional.empty()
                : h.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Waits until {@code type} has {@code status} for the current generation. */
    Condition awaitCondition(String type, String status) {
        await(type + "=" + status, () -> condition(type).filter(c -> status.equals(c.getStatus())
                && c.getObservedGeneration().equals(hcp().getMetadata().getGeneration())).isPresent());
        return condition(type).orElseThrow();
    }

    /** Catalog Deployment name → image of its registry container. */
    Map<String, String> catalogImages() {
        Map<String, String> out = new TreeMap<>();
        for (Deployment d : catalogDeployments()) {
            out.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        }
        return out;
    }

    List<Deployment> catalogDeployments() {
        return client.apps().deployments().inNamespace(ns).withLabel(CatalogComponents.CATALOG_SOURCE_LABEL).list()
                .getItems();
    }

    /** Catalog Service names. */
    List<String> catalogServices() {
        return client.services().inNamespace(ns).list().getItems().stream().map(s -> s.getMetadata().getName())
                .filter(n -> n.endsWith("-operators") || n.equals("redhat-marketplace")).sorted().toList();
    }

    /**
     * What the control-plane-operator wrote to each catalog Deployment: uid, generation (spec), labels and
     * annotations. Not the resourceVersion, nor the deployment controller's {@code deployment.kubernetes.io/}
     * annotations: on a cluster where controllers run, its status and revision updates change those.
     */
    Map<String, String> writtenVersions() {
        Map<String, String> out = new TreeMap<>();
        catalogDeployments().forEach(d -> out.put(d.getMetadata().getName(), d.getMetadata().getUid() + " generation "
                + d.getMetadata().getGeneration() + " labels " + sorted(d.getMetadata().getLabels())
                + " annotations " + sorted(d.getMetadata().getAnnotations())));
        return out;
    }

    private static Map<String, String> sorted(Map<String, String> m) {
        Map<String, String> out = new TreeMap<>(m == null ? Map.of() : m);
        out.keySet().removeIf(k -> k.startsWith("deployment.kubernetes.io/"));
        return out;
    }

    @Override
    public void close() {
        apps.forEach(CpoApp::close);
    }
}
