package io.hypershift.e2e;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.hypershift.support.testing.CatalogIndexImages;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.support.testing.Processes;
import io.hypershift.support.testing.ReleaseFixture;
import io.hypershift.support.testing.RepoRoot;
import io.hypershift.support.testing.Skopeo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Scenario 2's world: a synthetic release pushed to the source registry and mirrored, with the release and every
 * component, to the mirror registry by {@code hack/mirror.sh} (skopeo, digests preserved), which also writes the ICSP
 * and IDMS that oc-mirror would write. The release carries every component the three binaries read: {@code hypershift}
 * (the control-plane-operator image), {@code hyperkube} and {@code cluster-version-operator} (the CPO's control-plane
 * Deployments), {@code machine-config-operator}, {@code pod} and {@code haproxy-router} (the nodes' release.json).
 */
record MirroredRelease(ReleaseFixture.Release release, Path idmsFile, Path icspFile, Duration pushTook,
        Duration mirrorTook) {
    static final String VERSION = "4.16.3";
    /** The OLM catalog index tag for this release (SPEC §9: v&lt;major.minor&gt;). */
    static final String CATALOG_TAG = "v4.16";
    /** The index repository of each required OLM catalog, by catalog name. */
    static final Map<String, String> CATALOG_INDEXES = new TreeMap<>(Map.of(
            "redhat-operators", "redhat-operator-index",
            "certified-operators", "certified-operator-index",
            "community-operators", "community-operator-index"));
    static final List<String> COMPONENTS = List.of("hypershift", "hyperkube", "cluster-version-operator",
            "machine-config-operator", "pod", "haproxy-router");

    static MirroredRelease create(LocalRegistry source, LocalRegistry mirror) throws IOException {
        return create(source, mirror, UnaryOperator.identity());
    }

    /** As {@link #create(LocalRegistry, LocalRegistry)}, with the release's images changed by {@code images}. */
    static MirroredRelease create(LocalRegistry source, LocalRegistry mirror, UnaryOperator<ReleaseFixture> images)
            throws IOException {
        long t0 = System.nanoTime();
        ReleaseFixture.Release release = images.apply(ReleaseFixture.builder().version(VERSION)
                .componentNames(COMPONENTS.toArray(String[]::new))).pushTo(source);
        long t1 = System.nanoTime();
        Path out = mirror.dir().resolveSibling("mirror-policies");
        List<String> cmd = new ArrayList<>(List.of("bash", RepoRoot.script("mirror.sh").toString(),
                "--release", release.pullSpec(), "--to", mirror.hostPort(), "--output", out.toString()));
        cmd.addAll(Skopeo.transport("src", source));
        cmd.addAll(Skopeo.transport("dest", mirror));
        Processes.run(cmd, Duration.ofMinutes(3));
        long t2 = System.nanoTime();
        return new MirroredRelease(release, out.resolve("idms-oc-mirror.yaml"), out.resolve("imageContentSourcePolicy.yaml"),
                Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1));
    }

    /**
     * Mirrors {@code image} (named by tag) from the source to the mirror with {@code hack/mirror.sh --image}, as oc-mirror
     * v2 mirrors an additionalImages entry; returns the {@code itms-oc-mirror.yaml} it wrote (in {@code out}).
     */
    static Path mirrorByTag(LocalRegistry source, LocalRegistry mirror, String image, Path out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", RepoRoot.script("mirror.sh").toString(),
                "--image", image, "--to", mirror.hostPort(), "--output", out.toString()));
        cmd.addAll(Skopeo.transport("src", source));
        cmd.addAll(Skopeo.transport("dest", mirror));
        Processes.run(cmd, Duration.ofMinutes(3));
        return out.resolve("itms-oc-mirror.yaml");
    }

    /**
     * Pushes the three required catalog index images ({@code <namespace>/<catalog>-index:v4.16}) to {@code registry},
     * as oc-mirror mirrors operator catalogs; returns the digest of each, by catalog name.
     */
    static Map<String, String> pushCatalogIndexes(LocalRegistry registry, String namespace) {
        Map<String, String> digests = new TreeMap<>();
        CATALOG_INDEXES.forEach((catalog, repo) ->
                digests.put(catalog, CatalogIndexImages.push(registry, namespace + "/" + repo, CATALOG_TAG)));
        return digests;
    }

    /** The IDMS exactly as mirror.sh wrote it. */
    ImageDigestMirrorSet idms() throws IOException {
        try (InputStream in = Files.newInputStream(idmsFile)) {
            return Serialization.unmarshal(in, ImageDigestMirrorSet.class);
        }
    }

    /** The ICSP exactly as mirror.sh wrote it. */
    ImageContentSourcePolicy icsp() throws IOException {
        try (InputStream in = Files.newInputStream(icspFile)) {
            return Serialization.unmarshal(in, ImageContentSourcePolicy.class);
        }
    }

    /** The release by digest at the source, as a HostedCluster names it (IDMS mirrors serve digests only). */
    String releaseImage() {
        return release.pullSpecByDigest();
    }

    /** {@code host/openshift-release-dev/ocp-release@sha256:…} on another registry (the mirror). */
    String releaseImageOn(String hostPort) {
        return hostPort + releaseImage().substring(releaseImage().indexOf('/'));
    }

    /** A component's pull spec from image-references, moved to another registry (the mirror). */
    String componentOn(String name, String hostPort) {
        String spec = release.components().get(name);
        return hostPort + spec.substring(spec.indexOf('/'));
    }

    /** A component's digest, as image-references names it. */
    String componentDigest(String name) {
        String spec = release.components().get(name);
        return spec.substring(spec.indexOf('@') + 1);
    }
}
