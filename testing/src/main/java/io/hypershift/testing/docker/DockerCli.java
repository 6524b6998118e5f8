package io.hypershift.testing.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} command line, for tests that load and run this project's images. Nothing is ever pulled:
 * images come from tars ({@link #load}). Every call is bounded in time.
 */
public final class DockerCli {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private final String docker;

    private DockerCli(String docker) {
        this.docker = docker;
    }

    /** The result of one command. */
    public record Result(int exitCode, String stdout, String stderr, Duration took) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** A client whose engine answers, or empty with the reason in {@code why[0]}. */
    public static Optional<DockerCli> connect(StringBuilder why) {
        Optional<Path> cli = onPath("docker");
        if (cli.isEmpty()) {
            why.append("no docker command on the PATH");
            return Optional.empty();
        }
        DockerCli d = new DockerCli(cli.get().toString());
        try {
            Result r = d.run(PROBE_TIMEOUT, "version", "--format", "{{.Server.Version}}");
            if (!r.ok()) {
                why.append("the Docker engine does not answer: ").append(r.stderr().strip());
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (IOException e) {
            why.append("the Docker engine does not answer: ").append(e.getMessage());
            return Optional.empty();
        }
    }

    /** Loads a Docker-format image tar and returns the image it names ({@code name:tag}). */
    public String load(Path tar) throws IOException {
        Result r = run(Duration.ofMinutes(2), "load", "-i", tar.toString());
        if (!r.ok()) {
            throw new IOException("docker load -i " + tar + " failed: " + r.stderr().strip());
        }
        return r.stdout().lines().filter(l -> l.startsWith("Loaded image: ")).map(l -> l.substring(14).strip())
                .reduce((a, b) -> b)
                .orElseThrow(() -> new IOException("docker load -i " + tar + " named no image: " + r.stdout()));
    }

    /** {@code docker image inspect --format FORMAT image}, trimmed. */
    public String inspect(String image, String format) throws IOException {
        Result r = run(PROBE_TIMEOUT, "image", "inspect", "--format", format, image);
        if (!r.ok()) {
            throw new IOException("docker image inspect " + image + " failed: " + r.stderr().strip());
        }
        return r.stdout().strip();
    }

    /** Whether {@code image} is present locally. */
    public boolean hasImage(String image) throws IOException {
        return run(PROBE_TIMEOUT, "image", "inspect", image).ok();
    }

    /** Runs {@code docker args...}, killed after {@code timeout}. */
    public Result run(Duration timeout, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(docker);
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("docker-", ".out");
        Path err = Files.createTempFile("docker-", ".err");
        long t0 = System.nanoTime();
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("docker " + String.join(" ", args) + " did not finish within " + timeout);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
