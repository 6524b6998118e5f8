package io.hypershift.e2e;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrors;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorsBuilder;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.Updates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The management cluster of the scale and fault runs: a release pushed to the source and mirrored with
 * {@code hack/mirror.sh} (its ICSP and IDMS applied, the source then stopped), and {@code n} HostedClusters of that
 * release in one namespace, each with its own pull secret (objects only: no Pods). An "edit" adds a marker mirror
 * after the real one in the IDMS entry of the release's source: every Deployment's strings change, and the release
 * is still served by the first mirror.
 */
final class ScaleWorld {
    static final int CREATE_THREADS = 8;

    final KubernetesClient client;
    final String namespace;
    final int n;
    final MirroredRelease release;
    final LocalRegistry mirror;
    final Path kubeconfig;
    private final String idmsName;
    private final String releaseSource;
    private int edit;

    private ScaleWorld(KubernetesClient client, String namespace, int n, MirroredRelease release, LocalRegistry mirror,
            Path kubeconfig, String idmsName, String releaseSource) {
        this.client = client;
        this.namespace = namespace;
        this.n = n;
        this.release = release;
        this.mirror = mirror;
        this.kubeconfig = kubeconfig;
        this.idmsName = idmsName;
        this.releaseSource = releaseSource;
    }

    /** Mirrors the release, applies the policies (with the marker of edit 0), stops the source, creates the clusters. */
    static ScaleWorld create(KubeContext kube, LocalRegistry source, LocalRegistry mirror, int n) throws Exception {
        KubernetesClient client = kube.client();
        MirroredRelease release = MirroredRelease.create(source, mirror);
        ImageDigestMirrorSet idms = release.idms();
        String releaseImage = release.releaseImage();
        String releaseSource = releaseImage.substring(0, releaseImage.indexOf('@'));
        client.resource(release.icsp()).create();
        client.resource(idms).create();
        source.stop();
        ScaleWorld world = new ScaleWorld(client, kube.namespace(), n, release, mirror, kube.kubeconfigFile(),
                idms.getMetadata().getName(), releaseSource);
        world.edit(0);
        world.createClusters();
        return world;
    }

    static String name(int i) {
        return String.format("hc-%04d", i);
    }

    /** The prefix of every control-plane namespace ({@code <namespace>-<cluster>}). */
    String controlPlanePrefix() {
        return namespace + "-";
    }

    /** The operator's flags: this namespace, and the mirror's CA. */
    List<String> operatorArgs() {
        return List.of("--namespace", namespace, "--registry-ca-file", mirror.caFile().toString());
    }

    /** The environment of an operator instance called {@code name}: its leader-election identity and Lease namespace. */
    Map<String, String> operatorEnv(String name) {
        return Map.of("POD_NAME", name, "POD_NAMESPACE", namespace);
    }

    private void createClusters() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CREATE_THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = name(i);
                done.add(pool.submit(() -> {
                    client.resource(ClusterObjects.pullSecret(namespace, name + "-pull-secret", mirror.authJson()))
                            .create();
                    HostedCluster hc = ClusterObjects.hostedCluster(namespace, name, release.releaseImage(), List.of());
                    hc.getSpec().setPullSecret(new LocalObjectReference(name + "-pull-secret"));
                    return client.resource(hc).create();
                }));
            }
            long end = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            for (Future<?> f : done) {
                f.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating " + n + " HostedClusters took over 10 minutes", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The marker mirror of edit {@code k}. */
    String marker(int k) {
        return "edit-" + k + ".mirror.invalid/openshift-release-dev/ocp-release";
    }

    /** Whether a pod template carries the strings of edit {@code k} (its marker, and not the one before). */
    Predicate<String> strings(int k) {
        String now = marker(k);
        String before = k == 0 ? null : marker(k - 1);
        return t -> t.contains(now) && (before == null || !t.contains(before));
    }

    /** {@link #strings(int)} of the edit in force. */
    Predicate<String> current() {
        return strings(edit);
    }

    int editNumber() {
        return edit;
    }

    /**
     * Edit {@code k}: the IDMS gets (or keeps) an entry for the release's repository, whose mirrors are the real
     * mirror, then the marker of {@code k}.
     */
    void edit(int k) {
        String real = mirror.hostPort() + releaseSource.substring(releaseSource.indexOf('/'));
        Updates.retryOnConflict(client, () -> client.resources(ImageDigestMirrorSet.class).withName(idmsName).get(),
                idms -> {
                    List<ImageDigestMirrors> entries = new ArrayList<>(idms.getSpec().getImageDigestMirrors());
                    entries.removeIf(m -> m.getSource().equals(releaseSource));
                    entries.add(new ImageDigestMirrorsBuilder().withSource(releaseSource)
                            .withMirrors(real, marker(k)).build());
                    idms.getSpec().setImageDigestMirrors(entries);
                });
        edit = k;
    }

    /** A change to the IDMS that changes no mirror: an annotation. */
    void touchIdms(String value) {
        Updates.retryOnConflict(client, () -> client.resources(ImageDigestMirrorSet.class).withName(idmsName).get(),
                idms -> {
                    Map<String, String> a = new HashMap<>(idms.getMetadata().getAnnotations() == null ? Map.of()
                            : idms.getMetadata().getAnnotations());
                    a.put("scale.hypershift.io/touched", value);
                    idms.getMetadata().setAnnotations(a);
                });
    }

    /** A change to every HostedCluster that changes nothing it renders: an annotation of no meaning to the operator. */
    void touchClusters(String value) {
        for (int i = 0; i < n; i++) {
            ClusterObjects.mergePatchHostedCluster(client, namespace, name(i),
                    Map.of("metadata", Map.of("annotations", Map.of("scale.hypershift.io/touched", value))));
        }
    }

    /** A file in a fresh directory for process logs. */
    static Path logDir(String what) throws IOException {
        Path dir = Path.of("target", "scale", what);
        Files.createDirectories(dir);
        return dir;
    }
}
