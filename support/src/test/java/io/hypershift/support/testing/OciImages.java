package io.hypershift.support.testing;

import io.hypershift.support.registry.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds small OCI images into an OCI image layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/}),
 * deterministically (fixed mtimes, gzip without a timestamp): the same content gives the same digests. skopeo pushes
 * them from there ({@code oci:DIR:REF}).
 */
public final class OciImages {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

    /** A blob written to the layout. */
    public record Blob(String mediaType, String digest, long size) {
        String descriptorJson(String extra) {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + extra + "}";
        }
    }

    private final Path layout;
    private final List<String> refs = new ArrayList<>();

    public OciImages(Path layout) {
        this.layout = layout;
        try {
            Files.createDirectories(layout.resolve("blobs/sha256"));
            Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return layout;
    }

    /** A gzip tar layer with these files (path → content), directories implied. */
    public static byte[] layer(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                file(tar, f.getKey(), f.getValue(), 0644);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Where Debian's busybox-static is (hack/install-packages.sh installs it). */
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    /** The applets the runnable layer links, enough for a shell script that copies files and sleeps. */
    private static final List<String> APPLETS = List.of("sh", "cp", "ls", "cat", "sleep", "mkdir", "true", "wget");

    /**
     * A layer that runs: Debian's static busybox as {@code /bin/busybox} with {@code /bin/sh}, {@code cp},
     * {@code sleep} and friends linked to it, an empty {@code /tmp}, and {@code scripts} (path → shell text) as
     * executables. Each Pod-level component of the e2e is one of these plus a script named as its command.
     */
    public static byte[] runnableLayer(Map<String, String> scripts) {
        byte[] busybox;
        try {
            busybox = Files.readAllBytes(BUSYBOX);
        } catch (IOException e) {
            throw new UncheckedIOException(BUSYBOX + " is missing (hack/install-packages.sh installs busybox-static)", e);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String d : List.of("bin/", "tmp/", "usr/", "usr/bin/")) {
                TarArchiveEntry e = new TarArchiveEntry(d);
                e.setModTime(0);
                e.setMode(d.equals("tmp/") ? 01777 : 0755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            file(tar, "bin/busybox", busybox, 0755);
            for (String applet : APPLETS) {
                TarArchiveEntry e = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName("busybox");
                e.setModTime(0);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, String> script : new java.util.TreeMap<>(scripts).entrySet()) {
                file(tar, script.getKey(), ("#!/bin/sh\n" + script.getValue() + "\n").getBytes(StandardCharsets.UTF_8), 0755);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String path, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(path);
        e.setSize(content.length);
        e.setModTime(0);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** Writes a blob; returns its descriptor. */
    public Blob blob(String mediaType, byte[] data) {
        String digest = Digests.sha256(data);
        try {
            Path p = layout.resolve("blobs/sha256").resolve(digest.substring(7));
            if (!Files.exists(p)) {
                Files.write(p, data);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Blob(mediaType, digest, data.length);
    }

    /**
     * An image of one layer: writes the layer, a config with {@code labels} for {@code arch}, and the manifest.
     *
     * @return the manifest
     */
    public Blob image(String arch, Map<String, String> labels, List<byte[]> layers) {
        return image(arch, labels, layers, null);
    }

    /**
     * An image that runs as {@code user} (a numeric uid, which a {@code runAsNonRoot} pod needs) with
     * {@code PATH=/usr/bin:/bin}, or, with {@code user == null}, an image with no runtime config at all.
     */
    public Blob image(String arch, Map<String, String> labels, List<byte[]> layers, String user) {
        List<Blob> layerBlobs = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (byte[] l : layers) {
            layerBlobs.add(blob(OCI_LAYER_GZIP, l));
            diffIds.add("\"" + Digests.sha256(gunzip(l)) + "\"");
        }
        StringBuilder lbl = new StringBuilder();
        labels.forEach((k, v) -> lbl.append(lbl.length() == 0 ? "" : ",").append('"').append(k).append("\":\"")
                .append(v).append('"'));
        String runtime = user == null ? "" : "\"User\":\"" + user + "\",\"Env\":[\"PATH=/usr/bin:/bin\"],";
        String config = "{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{" + runtime + "\"Labels\":{" + lbl + "}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]}}";
        Blob cfg = blob(OCI_CONFIG, config.getBytes(StandardCharsets.UTF_8));
        StringBuilder ls = new StringBuilder();
        for (Blob b : layerBlobs) {
            ls.append(ls.length() == 0 ? "" : ",").append(b.descriptorJson(""));
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
                + cfg.descriptorJson("") + ",\"layers\":[" + ls + "]}";
        return blob(OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
    }

    /** An index over {@code arch → manifest}. */
    public Blob index(Map<String, Blob> manifestsByArch) {
        StringBuilder ms = new StringBuilder();
        manifestsByArch.forEach((arch, m) -> ms.append(ms.length() == 0 ? "" : ",")
                .append(m.descriptorJson(",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}")));
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + ms + "]}";
        return blob(OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));
    }

    /** Names a manifest or index in the layout's {@code index.json} so that {@code oci:DIR:ref} finds it. */
    public void tag(String ref, Blob manifest) {
        refs.add(manifest.descriptorJson(",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + ref + "\"}"));
        try {
            Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX
                    + "\",\"manifests\":[" + String.join(",", refs) + "]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gunzip(byte[] gz) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
