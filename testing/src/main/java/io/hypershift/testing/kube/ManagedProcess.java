package io.hypershift.testing.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child process whose output goes to a log file, stopped with SIGTERM then SIGKILL, and never left behind. */
final class ManagedProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final Thread reaper;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code command}; stdout and stderr go to {@code log}. No secret may be in {@code command}. */
    static ManagedProcess start(String name, List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new ManagedProcess(name, p, log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log, for error messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** A line for errors: the exit code if it exited, and the log's tail. */
    String diagnostics() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return name + " (pid " + process.pid() + ") " + state + "; last lines of " + log + ":\n" + tail(25);
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL. Idempotent. */
    void stop(Duration grace) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException | IllegalArgumentException shuttingDownOrRemoved) {
                // the JVM is exiting: the hook kills the process
            }
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}
