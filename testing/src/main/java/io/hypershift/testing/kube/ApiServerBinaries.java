package io.hypershift.testing.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kube-apiserver and etcd binaries that {@code hack/kube-apiserver.sh} builds (no package ships them), with
 * their versions. Found in {@code -De2e.kube.binDir} / {@code KUBE_BIN_DIR}, else in the directory that
 * {@code hack/kube-apiserver.sh --print-dir} names (it honours {@code KUBE_BIN_CACHE}). When the directory has no
 * etcd, Debian's {@code etcd} on the PATH is used.
 */
public record ApiServerBinaries(Path apiServer, String apiServerVersion, Path etcd, String etcdVersion) {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    /** A first build on a loaded 2-core machine took 12-17 min; the cap leaves room, and bounds a stuck build. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(45);
    private static final Pattern ETCD_VERSION = Pattern.compile("etcd Version: (\\d+)\\.(\\d+)\\.(\\S+)");

    /**
     * The binaries; when they are missing and {@link KubeSettings#provision()}, they are built first with
     * {@code hack/kube-apiserver.sh} (once per machine, see {@link BinaryProvisioner}). A directory of the user's own
     * ({@code -De2e.kube.binDir}) is never built into.
     */
    public static Result locateOrBuild(KubeSettings settings) {
        Result found = locate(settings);
        if (found.binaries().isPresent() || !settings.provision() || settings.binDir().isPresent()) {
            return found;
        }
        Optional<Path> script = hackScript("kube-apiserver.sh");
        if (script.isEmpty()) {
            return found;
        }
        Path dir;
        try {
            dir = Path.of(lastLine(run(List.of("bash", script.get().toString(), "--print-dir"))));
        } catch (IOException e) {
            return Result.none(script.get() + " --print-dir failed: " + e.getMessage());
        }
        Optional<String> failed = new BinaryProvisioner("kube-apiserver", script.get(), dir.getParent(),
                "12-17 min on 2 busy cores, 5-9 min on idle ones", BUILD_TIMEOUT)
                .provision(() -> Files.isExecutable(dir.resolve("kube-apiserver")) && Files.isExecutable(dir.resolve("etcd")));
        return failed.map(why -> Result.none("building kube-apiserver and etcd failed: " + why))
                .orElseGet(() -> locate(settings));
    }

    /** The binaries, or why there are none (with the command that builds them). */
    public static Result locate(KubeSettings settings) {
        Optional<Path> dir;
        String from;
        if (settings.binDir().isPresent()) {
            dir = settings.binDir();
            from = "-De2e.kube.binDir/KUBE_BIN_DIR";
        } else {
            Optional<Path> script = hackScript("kube-apiserver.sh");
            if (script.isEmpty()) {
                return Result.none("no hack/kube-apiserver.sh above " + System.getProperty("user.dir")
                        + " and no -De2e.kube.binDir");
            }
            try {
                dir = Optional.of(Path.of(lastLine(run(List.of("bash", script.get().toString(), "--print-dir")))));
            } catch (IOException e) {
                return Result.none(script.get() + " --print-dir failed: " + e.getMessage());
            }
            from = "hack/kube-apiserver.sh --print-dir";
        }
        Path apiServer = dir.get().resolve("kube-apiserver");
        if (!Files.isExecutable(apiServer)) {
            return Result.none("no kube-apiserver in " + dir.get() + " (" + from + "); build it with "
                    + "hack/kube-apiserver.sh (from Go modules; 5-9 min the first time, then cached)");
        }
        Optional<Path> etcd = Optional.of(dir.get().resolve("etcd")).filter(Files::isExecutable)
                .or(ApiServerBinaries::etcdOnPath);
        if (etcd.isEmpty()) {
            return Result.none("no etcd in " + dir.get() + " nor on the PATH (apt-get install etcd-server)");
        }
        try {
            String apiVersion = run(List.of(apiServer.toString(), "--version")).strip()
                    .replaceFirst("^Kubernetes ", "");
            String etcdVersion = etcdVersion(run(List.of(etcd.get().toString(), "--version")));
            return new Result(Optional.of(new ApiServerBinaries(apiServer, apiVersion, etcd.get(), etcdVersion)), "");
        } catch (IOException e) {
            return Result.none("cannot run the binaries in " + dir.get() + ": " + e.getMessage());
        }
    }

    /** etcd 3.5 and later take {@code --unsafe-no-fsync} and {@code --log-level}; Debian's 3.4 does not. */
    boolean etcdIsAtLeast35() {
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(etcdVersion);
        return m.find() && (Integer.parseInt(m.group(1)) > 3
                || Integer.parseInt(m.group(1)) == 3 && Integer.parseInt(m.group(2)) >= 5);
    }

    public String description() {
        return "kube-apiserver " + apiServerVersion + " + etcd " + etcdVersion + " (" + apiServer.getParent()
                + (etcd.getParent().equals(apiServer.getParent()) ? "" : ", etcd " + etcd) + ")"
                + (etcdIsAtLeast35() ? "" : " WARNING: etcd < 3.5 is a fallback only; with kube-apiserver 1.34 a watch"
                        + " was seen to miss events: rebuild etcd with hack/kube-apiserver.sh");
    }

    /** Found binaries, or the reason there are none. */
    public record Result(Optional<ApiServerBinaries> binaries, String whyNot) {
        static Result none(String why) {
            return new Result(Optional.empty(), why);
        }
    }

    static String etcdVersion(String versionOutput) {
        Matcher m = ETCD_VERSION.matcher(versionOutput);
        return m.find() ? m.group(1) + "." + m.group(2) + "." + m.group(3) : "unknown";
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    /** {@code hack/<name>} of the checkout that runs the tests (found upwards from the working directory). */
    static Optional<Path> hackScript(String name) {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path script = p.resolve("hack").resolve(name);
            if (Files.isRegularFile(script)) {
                return Optional.of(script);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> etcdOnPath() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String d : path.split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, "etcd");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String run(List<String> command) throws IOException {
        Path out = Files.createTempFile("kube-bin-", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
