package io.hypershift.testing.kube;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Builds test binaries on first use with one of the project's {@code hack/} scripts (kube-apiserver and etcd today,
 * from Go modules: minutes, once per machine), so that {@code ./mvnw verify} on a fresh machine runs on a real API
 * server with no step before it. One build per machine at a time: test JVMs (surefire forks, modules, a second
 * checkout) take an exclusive lock on {@code <cache>/<name>.lock} first, and whoever gets it second finds the
 * binaries built. The build's output goes to {@code <cache>/<name>.log}; a progress line is printed when it starts
 * and once a minute while it runs.
 */
final class BinaryProvisioner {
    private static final Duration HEARTBEAT = Duration.ofMinutes(1);

    private final String name;
    private final Path script;
    private final Path cacheRoot;
    private final String estimate;
    private final Duration timeout;

    /**
     * @param name what is built, for messages and the lock/log file names ({@code kube-apiserver})
     * @param script the {@code hack/} script that builds and caches the binaries
     * @param cacheRoot where the lock and the log live (the script's cache root)
     * @param estimate how long a first build takes, for the progress line
     * @param timeout the longest a build may run
     */
    BinaryProvisioner(String name, Path script, Path cacheRoot, String estimate, Duration timeout) {
        this.name = name;
        this.script = script;
        this.cacheRoot = cacheRoot;
        this.estimate = estimate;
        this.timeout = timeout;
    }

    /**
     * Runs the script unless {@code present} says the binaries are there (checked again once the lock is held).
     *
     * @return empty on success, else why the build failed (with the log's tail and the command to run by hand)
     */
    Optional<String> provision(BooleanSupplier present) {
        try {
            Files.createDirectories(cacheRoot);
            Path lockFile = cacheRoot.resolve(name + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    say("another process is building " + name + " (lock " + lockFile + "); waiting for it");
                    lock = channel.lock();
                }
                try (FileLock held = lock) {
                    return present.getAsBoolean() ? Optional.empty() : build(present);
                }
            }
        } catch (IOException e) {
            return Optional.of("cannot build " + name + " with " + script + ": " + e.getMessage());
        }
    }

    private Optional<String> build(BooleanSupplier present) throws IOException {
        Path log = cacheRoot.resolve(name + ".log");
        say("building " + name + " with " + script + ", once per machine (" + estimate + "); log: " + log);
        long t0 = System.nanoTime();
        ManagedProcess process = ManagedProcess.start(name + "-build", List.of("bash", script.toString()), log);
        try {
            long deadline = t0 + timeout.toNanos();
            while (process.isAlive() && System.nanoTime() < deadline) {
                if (waitFor(process, HEARTBEAT)) {
                    break;
                }
                say("still building " + name + " (" + minutes(t0) + " so far): " + lastLine(process));
            }
            if (process.isAlive()) {
                return Optional.of(name + " was not built within " + timeout.toMinutes()
                        + " min; run " + script + " by hand and look at " + log);
            }
        } finally {
            process.stop(Duration.ofSeconds(10));
        }
        if (!present.getAsBoolean()) {
            return Optional.of(process.diagnostics() + "\nrun " + script + " by hand to see why");
        }
        say("built " + name + " in " + minutes(t0) + "; later runs reuse it");
        return Optional.empty();
    }

    private static boolean waitFor(ManagedProcess process, Duration d) {
        long until = System.nanoTime() + d.toNanos();
        try {
            while (process.isAlive() && System.nanoTime() < until) {
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        return !process.isAlive();
    }

    private static String lastLine(ManagedProcess process) {
        String tail = process.tail(1).strip();
        return tail.length() > 160 ? tail.substring(0, 160) + "..." : tail;
    }

    private static String minutes(long t0) {
        long s = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
        return String.format("%d min %02d s", s / 60, s % 60);
    }

    private static void say(String line) {
        System.out.println("[kube] " + line);
    }
}
