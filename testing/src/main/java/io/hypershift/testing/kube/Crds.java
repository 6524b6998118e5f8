package io.hypershift.testing.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hypershift.api.v1beta1.HostedCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The CRDs a test cluster needs: ours, generated into the {@code api} jar ({@code META-INF/fabric8/*-v1.yml}), and
 * OpenShift's ImageContentSourcePolicy, ImageDigestMirrorSet and ImageTagMirrorSet (structural schemas written for
 * these tests, in this module's resources). {@link #install} applies them to any cluster and waits until each is
 * Established.
 */
public final class Crds {
    /** The generated CRDs live here in the {@code api} jar. */
    public static final String GENERATED_DIR = "META-INF/fabric8/";
    private static final String MIRROR_DIR = "io/hypershift/testing/crds/";
    private static final List<String> MIRROR_CRDS = List.of(
            "imagecontentsourcepolicies.operator.openshift.io",
            "imagedigestmirrorsets.config.openshift.io",
            "imagetagmirrorsets.config.openshift.io");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private Crds() {}

    /** Ours: HostedCluster, HostedControlPlane, ... as generated from the {@code api} classes. */
    public static List<CustomResourceDefinition> generated() {
        List<String> names = generatedResourceNames();
        if (names.isEmpty()) {
            throw new IllegalStateException("no " + GENERATED_DIR + "*-v1.yml next to " + HostedCluster.class
                    + ": is the api module built?");
        }
        return names.stream().map(Crds::load).toList();
    }

    /** OpenShift's ICSP ({@code operator.openshift.io/v1alpha1}), IDMS and ITMS ({@code config.openshift.io/v1}). */
    public static List<CustomResourceDefinition> mirrorPolicies() {
        return MIRROR_CRDS.stream().map(n -> load(MIRROR_DIR + n + ".yaml")).toList();
    }

    /**
     * OpenShift's ImageStream ({@code image.openshift.io/v1}) as a CRD, so that discovery finds it on a plain API
     * server. Not part of {@link #all()}: install it in the tests of a management cluster that serves ImageStreams.
     */
    public static List<CustomResourceDefinition> imageStreams() {
        return List.of(load(MIRROR_DIR + "imagestreams.image.openshift.io.yaml"));
    }

    /**
     * Makes the cluster serve {@code image.openshift.io/v1} ImageStreams: nothing to do where it already does (an
     * OpenShift cluster behind {@code -De2e.kubeconfig}); elsewhere {@link #imageStreams()} is installed and awaited.
     *
     * @param waitEstablished whether to wait until the CRD is Established (false on the mock, which never says so)
     * @return whether the test CRD was installed
     */
    public static boolean ensureImageStreams(KubernetesClient client, boolean waitEstablished) {
        if (servesImageStreams(client) && client.apiextensions().v1().customResourceDefinitions()
                .withName("imagestreams.image.openshift.io").get() == null) {
            return false; // served by the platform (openshift-apiserver), not by our CRD
        }
        install(client, imageStreams(), waitEstablished, DEFAULT_TIMEOUT);
        return true;
    }

    /** {@link #ensureImageStreams(KubernetesClient, boolean)} for a test's cluster (waits where discovery is real). */
    public static boolean ensureImageStreams(KubeContext kube) {
        return ensureImageStreams(kube.client(), kube.has(Capability.DISCOVERY));
    }

    /** Whether API discovery finds {@code imagestreams} in {@code image.openshift.io/v1}. */
    public static boolean servesImageStreams(KubernetesClient client) {
        io.fabric8.kubernetes.api.model.APIResourceList served;
        try {
            served = client.getApiResources("image.openshift.io/v1");
        } catch (KubernetesClientException e) {
            return false;
        }
        return served != null && served.getResources() != null
                && served.getResources().stream().anyMatch(r -> "imagestreams".equals(r.getName()));
    }

    /** {@link #generated()} and {@link #mirrorPolicies()}. */
    public static List<CustomResourceDefinition> all() {
        List<CustomResourceDefinition> all = new ArrayList<>(generated());
        all.addAll(mirrorPolicies());
        return all;
    }

    /** Labels the CRDs this class installs; only CRDs with it are ever updated. */
    public static final String LABEL = "hypershift.io/test-crd";

    /** What {@link #install} did: CRDs created or updated, and existing ones it left alone. */
    public record Installed(List<String> applied, List<String> kept) {}

    /** Applies {@link #all()} and waits up to {@link #DEFAULT_TIMEOUT} for each to be Established. */
    public static Installed install(KubernetesClient client) {
        return install(client, all(), true, DEFAULT_TIMEOUT);
    }

    /**
     * Creates each CRD that is missing, updates each that an earlier install created (it carries {@link #LABEL}),
     * and leaves any other CRD of the same name alone: on a real HyperShift or OpenShift cluster the real
     * HostedCluster or IDMS CRD stays as it is. Then (if {@code waitEstablished}) waits until the API server
     * serves each. The mock server never sets Established: pass false there.
     *
     * @throws IllegalStateException naming the CRD and its conditions when one is not Established in time
     */
    public static Installed install(KubernetesClient client, Collection<CustomResourceDefinition> crds,
            boolean waitEstablished, Duration timeout) {
        List<String> applied = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (CustomResourceDefinition crd : crds) {
            String name = crd.getMetadata().getName();
            CustomResourceDefinition copy = Serialization.clone(crd);
            copy.getMetadata().setResourceVersion(null);
            copy.getMetadata().setLabels(new java.util.LinkedHashMap<>(
                    copy.getMetadata().getLabels() == null ? java.util.Map.of() : copy.getMetadata().getLabels()));
            copy.getMetadata().getLabels().put(LABEL, "true");
            try {
                CustomResourceDefinition existing = client.apiextensions().v1().customResourceDefinitions()
                        .withName(name).get();
                if (existing == null) {
                    client.resource(copy).create();
                } else if (existing.getMetadata().getLabels() != null
                        && "true".equals(existing.getMetadata().getLabels().get(LABEL))) {
                    copy.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                    client.resource(copy).update();
                } else {
                    kept.add(name);
                    continue;
                }
                applied.add(name);
            } catch (KubernetesClientException e) {
                throw new IllegalStateException("cannot apply CRD " + name + ": " + e.getMessage(), e);
            }
        }
        if (!waitEstablished) {
            return new Installed(applied, kept);
        }
        long end = System.nanoTime() + timeout.toNanos();
        for (CustomResourceDefinition crd : crds) {
            String name = crd.getMetadata().getName();
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
            try {
                client.apiextensions().v1().customResourceDefinitions().withName(name)
                        .waitUntilCondition(Crds::established, left, TimeUnit.MILLISECONDS);
            } catch (KubernetesClientException e) {
                CustomResourceDefinition now = client.apiextensions().v1().customResourceDefinitions()
                        .withName(name).get();
                throw new IllegalStateException("CRD " + name + " not Established within " + timeout.toSeconds()
                        + " s; conditions: " + (now == null || now.getStatus() == null ? "none"
                                : now.getStatus().getConditions()), e);
            }
        }
        return new Installed(applied, kept);
    }

    static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream().anyMatch(Crds::isEstablished);
    }

    private static boolean isEstablished(CustomResourceDefinitionCondition c) {
        return "Established".equals(c.getType()) && "True".equals(c.getStatus());
    }

    private static CustomResourceDefinition load(String resource) {
        try (InputStream in = Crds.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource + " on the class path");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The generated CRD files in the {@code api} jar or classes directory: {@code META-INF/fabric8/x-v1.yml}. */
    static List<String> generatedResourceNames() {
        Path location;
        try {
            location = Path.of(HostedCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the api module of " + HostedCluster.class, e);
        }
        try {
            if (Files.isDirectory(location)) {
                Path dir = location.resolve(GENERATED_DIR);
                if (!Files.isDirectory(dir)) {
                    return List.of();
                }
                try (Stream<Path> files = Files.list(dir)) {
                    return files.map(p -> GENERATED_DIR + p.getFileName()).filter(Crds::isGeneratedV1).sorted().toList();
                }
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                return jar.stream().map(e -> e.getName()).filter(Crds::isGeneratedV1).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the CRDs in " + location, e);
        }
    }

    private static boolean isGeneratedV1(String name) {
        return name.startsWith(GENERATED_DIR) && name.endsWith("-v1.yml")
                && name.indexOf('/', GENERATED_DIR.length()) < 0;
    }

    /** The CRD named {@code name} among {@link #all()}, if any. */
    public static Optional<CustomResourceDefinition> byName(String name) {
        return all().stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
    }
}
