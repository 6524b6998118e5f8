package io.hypershift.support.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A synthetic OpenShift release image with N small, distinct component images, pushed to a {@link LocalRegistry}
 * with skopeo. Like a real payload, the release image carries {@code release-manifests/image-references} (an
 * ImageStream of component name → {@code <host>/<componentRepository>@sha256:…}) and
 * {@code release-manifests/release-metadata} in its top layer, and the label {@code io.openshift.release}.
 *
 * <pre>{@code
 * ReleaseFixture.Release r = ReleaseFixture.builder().version("4.16.3").components(3).pushTo(source);
 * r.pullSpec();     // 127.0.0.1:PORT/openshift-release-dev/ocp-release:4.16.3-x86_64
 * r.digest();       // sha256:… of the release manifest (of the index with multiArch)
 * r.components();   // {"component-0": "127.0.0.1:PORT/openshift-release-dev/ocp-v4.0-art-dev@sha256:…", …}
 * }</pre>
 */
public final class ReleaseFixture {
    private static final AtomicInteger LAYOUTS = new AtomicInteger();

    /**
     * A pushed release.
     *
     * @param pullSpec {@code host/releaseRepository:tag}
     * @param digest of the release manifest, or of the index when multi-arch
     * @param components name → pull spec by digest, exactly as written in image-references
     */
    public record Release(String pullSpec, String digest, String version, Map<String, String> components,
            String releaseRepository, String componentRepository, String tag) {
        public String pullSpecByDigest() {
            return pullSpec.substring(0, pullSpec.lastIndexOf(':')) + "@" + digest;
        }

        /** {@code host/namespace} of the release repository (the usual mirror source, e.g. for IDMS). */
        public String namespace(String host) {
            return host + "/" + releaseRepository.substring(0, releaseRepository.lastIndexOf('/'));
        }
    }

    private String version = "4.16.0";
    private List<String> names = List.of("component-0", "component-1", "component-2");
    private String releaseRepository = "openshift-release-dev/ocp-release";
    private String componentRepository = "openshift-release-dev/ocp-v4.0-art-dev";
    private boolean multiArch;
    private LocalRegistry componentRegistry;
    private String runAsUser;
    private final Map<String, Path> prebuilt = new LinkedHashMap<>();

    private ReleaseFixture() {}

    public static ReleaseFixture builder() {
        return new ReleaseFixture();
    }

    public ReleaseFixture version(String v) {
        this.version = v;
        return this;
    }

    /** {@code component-0 … component-(n-1)}. */
    public ReleaseFixture components(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add("component-" + i);
        }
        this.names = l;
        return this;
    }

    public ReleaseFixture componentNames(String... n) {
        this.names = List.of(n);
        return this;
    }

    public ReleaseFixture releaseRepository(String repo) {
        this.releaseRepository = repo;
        return this;
    }

    public ReleaseFixture componentRepository(String repo) {
        this.componentRepository = repo;
        return this;
    }

    /** Push an index with linux/amd64 and linux/arm64 release manifests (label {@code arch} tells them apart). */
    public ReleaseFixture multiArch() {
        this.multiArch = true;
        return this;
    }

    /**
     * Images that run, as uid {@code user}: each component is busybox with {@code /usr/bin/<component>} sleeping
     * forever (whatever args it gets), and the release image has {@code /bin/sh}, {@code cp} and {@code /manifests}, so
     * that an init container can copy the payload out of it, as HyperShift's cluster-version-operator pod does.
     */
    public ReleaseFixture runnable(String user) {
        this.runAsUser = user;
        return this;
    }

    /**
     * Component {@code name} is a real image, a {@code docker save}-style tar (Jib's {@code buildTar}), pushed as it is
     * and named in image-references by the digest the registry gives it. The name is added to the components.
     */
    public ReleaseFixture prebuilt(String name, Path dockerArchive) {
        prebuilt.put(name, dockerArchive);
        if (!names.contains(name)) {
            List<String> l = new ArrayList<>(names);
            l.add(name);
            names = l;
        }
        return this;
    }

    /** Builds every image and pushes components, then the release, to {@code registry}. */
    public Release pushTo(LocalRegistry registry) {
        LocalRegistry componentTarget = componentRegistry != null ? componentRegistry : registry;
        Path dir = registry.dir().resolveSibling("oci-" + LAYOUTS.incrementAndGet());
        OciImages oci = new OciImages(dir);
        String host = componentTarget.hostPort();
        Map<String, String> components = new LinkedHashMap<>();
        for (String name : names) {
            if (prebuilt.containsKey(name)) {
                String digest = Skopeo.pushArchive(prebuilt.get(name), componentTarget, componentRepository + ":" + name);
                components.put(name, host + "/" + componentRepository + "@" + digest);
                continue;
            }
            byte[] layer = OciImages.layer(Map.of("usr/share/" + name + "/id",
                    (name + " of release " + version + "\n").getBytes(StandardCharsets.UTF_8)));
            List<byte[]> layers = runAsUser == null ? List.of(layer) : List.of(OciImages.runnableLayer(Map.of(
                    "usr/bin/" + name, "echo \"" + name + " of release " + version + ": $*\"; exec sleep 2147483647")), layer);
            OciImages.Blob m = oci.image("amd64", Map.of("io.openshift.build.component", name), layers, runAsUser);
            oci.tag(name, m);
            components.put(name, host + "/" + componentRepository + "@" + m.digest());
        }
        String tag = version + (multiArch ? "-multi" : "-x86_64");
        OciImages.Blob release;
        if (multiArch) {
            Map<String, OciImages.Blob> byArch = new LinkedHashMap<>();
            for (String arch : List.of("amd64", "arm64")) {
                byArch.put(arch, releaseManifest(oci, components, arch));
            }
            release = oci.index(byArch);
        } else {
            release = releaseManifest(oci, components, "amd64");
        }
        oci.tag("release", release);
        for (String name : names) {
            if (!prebuilt.containsKey(name)) {
                Skopeo.push(oci, name, componentTarget, componentRepository + ":" + name);
            }
        }
        Skopeo.push(oci, "release", registry, releaseRepository + ":" + tag);
        return new Release(registry.hostPort() + "/" + releaseRepository + ":" + tag, release.digest(), version,
                components, releaseRepository, componentRepository, tag);
    }

    /** Push the components to another registry than the release (image-references then names that one). */
    public ReleaseFixture componentsIn(LocalRegistry other) {
        this.componentRegistry = other;
        return this;
    }

    private OciImages.Blob releaseManifest(OciImages oci, Map<String, String> components, String arch) {
        StringBuilder tags = new StringBuilder();
        components.forEach((name, spec) -> tags.append(tags.length() == 0 ? "" : ",").append("{\"name\":\"")
                .append(name).append("\",\"from\":{\"kind\":\"DockerImage\",\"name\":\"").append(spec).append("\"}}"));
        String imageReferences = "{\"kind\":\"ImageStream\",\"apiVersion\":\"image.openshift.io/v1\","
                + "\"metadata\":{\"name\":\"" + version + "\"},\"spec\":{\"tags\":[" + tags + "]}}";
        String metadata = "{\"kind\":\"cincinnati-metadata-v0\",\"version\":\"" + version + "\",\"metadata\":{}}";
        byte[] base = runAsUser != null
                ? OciImages.runnableLayer(Map.of("usr/bin/cluster-version-operator", "exec sleep 2147483647"))
                : OciImages.layer(Map.of("usr/bin/cluster-version-operator", ("cvo " + arch + "\n").getBytes(StandardCharsets.UTF_8)));
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (runAsUser != null) {
            files.put("manifests/0000_00_cluster-version-operator_00_namespace.yaml",
                    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: openshift-cluster-version\n".getBytes(StandardCharsets.UTF_8));
        }
        files.put("release-manifests/image-references", imageReferences.getBytes(StandardCharsets.UTF_8));
        files.put("release-manifests/release-metadata", metadata.getBytes(StandardCharsets.UTF_8));
        byte[] manifestsLayer = OciImages.layer(files);
        return oci.image(arch, Map.of("io.openshift.release", version, "arch", arch), List.of(base, manifestsLayer), runAsUser);
    }
}
