package io.hypershift.support.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
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
