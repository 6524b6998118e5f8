package io.hypershift.support.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code skopeo copy} between OCI layouts and {@link LocalRegistry}s, with their TLS and credentials. */
public final class Skopeo {
    private Skopeo() {}

    /** Pushes {@code oci:layout:ref} to {@code docker://registry/repoAndTag}, all platforms, digests preserved. */
    public static void push(OciImages layout, String ref, LocalRegistry to, String repoAndTag) {
        run("oci:" + layout.dir() + ":" + ref, null, "docker://" + to.hostPort() + "/" + repoAndTag, to);
    }

    /**
     * Pushes a {@code docker save}-style tar (what Jib's {@code buildTar} writes) to {@code docker://registry/repoAndTag}
     * and returns the digest of the manifest the registry now holds, so that it can be pinned by digest.
     */
    public static String pushArchive(Path dockerArchive, LocalRegistry to, String repoAndTag) {
        try {
            Path digestFile = Files.createTempFile("skopeo-digest", ".txt");
            try {
                List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet",
                        "--retry-times", "0", "--digestfile", digestFile.toString()));
                cmd.addAll(transport("dest", to));
                cmd.add("docker-archive:" + dockerArchive);
                cmd.add("docker://" + to.hostPort() + "/" + repoAndTag);
                Processes.run(cmd, Duration.ofMinutes(3));
                return Files.readString(digestFile).strip();
            } finally {
                Files.deleteIfExists(digestFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies an image between registries with {@code --all --preserve-digests}. */
    public static void copy(String srcPullSpec, LocalRegistry from, String dstPullSpec, LocalRegistry to) {
        run("docker://" + srcPullSpec, from, "docker://" + dstPullSpec, to);
    }

    private static void run(String src, LocalRegistry from, String dst, LocalRegistry to) {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet", "--all",
                "--preserve-digests", "--retry-times", "0"));
        try {
            if (from != null) {
                cmd.addAll(transport("src", from));
            }
            cmd.addAll(transport("dest", to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cmd.add(src);
        cmd.add(dst);
        Processes.run(cmd, Duration.ofSeconds(60));
    }

    /** {@code --src-…}/{@code --dest-…} flags for a registry: CA dir or plain HTTP, and an authfile (never argv creds). */
    public static List<String> transport(String side, LocalRegistry r) throws IOException {
        List<String> a = new ArrayList<>();
        if (r.isTls()) {
            a.add("--" + side + "-cert-dir=" + r.certDir());
        } else {
            a.add("--" + side + "-tls-verify=false");
        }
        if (r.user() != null) {
            a.add("--" + side + "-authfile=" + r.authFile());
        }
        return a;
    }
}
