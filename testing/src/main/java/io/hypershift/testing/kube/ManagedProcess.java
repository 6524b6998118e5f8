package io.hypershift.testing.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file, stopped with SIGTERM then SIGKILL, and never left behind: it
 * runs under a small {@code sh} watchdog that stops it within a second when this JVM dies, even by SIGKILL (when
 * no shutdown hook runs).
 */
public final class ManagedProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final Thread reaper;

    /**
     * {@code sh -c WATCHDOG sh <jvm pid> command...}: runs the command in the background, forwards SIGTERM to it,
     * and kills it once the JVM is gone; exits with the command's exit code.
     */
    private static final String WATCHDOG = String.join("\n",
            "jvm=$1; shift",
            "\"$@\" & child=$!",
            "(while kill -0 \"$jvm\" 2>/dev/null; do sleep 1; done; kill -TERM \"$child\" 2>/dev/null) & watcher=$!",
            "trap 'kill -TERM \"$child\" 2>/dev/null' TERM INT",
            "while :; do wait \"$child\"; rc=$?; kill -0 \"$child\" 2>/dev/null || break; done",
            "kill \"$watcher\" 2>/dev/null",
            "exit $rc");

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.reaper = new Thread(this::kill, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code command}; stdout and stderr go to {@code log}. No secret may be in {@code command}. */
    public static ManagedProcess start(String name, List<String> command, Path log) throws IOException {
        return start(name, command, java.util.Map.of(), log);
    }

    /** As {@link #start(String, List, Path)}, with {@code env} added to this JVM's environment. */
    public static ManagedProcess start(String name, List<String> command, java.util.Map<String, String> env, Path log)
            throws IOException {
        List<String> watched = new java.util.ArrayList<>(List.of("sh", "-c", WATCHDOG, "sh",
                Long.toString(ProcessHandle.current().pid())));
        watched.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(watched);
        pb.environment().putAll(env);
        Process p = pb
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new ManagedProcess(name, p, log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL to the command and its watchdog. */
    private void kill() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The watchdog's pid; see {@link #commandPid()} for the command's. */
    public long pid() {
        return process.pid();
    }

    /** The command's own pid (the watchdog's child), once it has started. */
    public long commandPid() {
        for (int i = 0; i < 100; i++) {
            java.util.Optional<ProcessHandle> child = process.toHandle().children()
                    .filter(c -> !c.info().command().orElse("").endsWith("/sh")).findFirst();
            if (child.isPresent()) {
                return child.get().pid();
            }
            if (!process.isAlive()) {
                break;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(name + ": no command process under the watchdog; " + diagnostics());
    }

    /** A {@code kB} field of the command's {@code /proc/<pid>/status} ({@code VmRSS:}, {@code VmHWM:}), in KiB. */
    public long statusKiB(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(commandPid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        throw new IOException("no " + field + " in /proc/" + commandPid() + "/status");
    }

    /**
     * SIGKILL to the command only, as {@code kill -9} does: no shutdown hook or cleanup runs in it. The watchdog then
     * exits with the command's status; {@link #isAlive()} turns false.
     */
    public void killCommand() {
        ProcessHandle.of(commandPid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** A line for errors: the exit code if it exited, and the log's tail. */
    public String diagnostics() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return name + " (pid " + process.pid() + ") " + state + "; last lines of " + log + ":\n" + tail(25);
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL. Idempotent. */
    public void stop(Duration grace) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            kill();
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
