package io.hypershift.support.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM handling for the long-running commands: {@link #await()} returns when the JVM is asked to stop; the
 * shutdown hook then waits (bounded) until {@link #completed()} says the command has closed its servers and clients,
 * so that the JVM does not halt half-way through.
 */
public final class ShutdownSignal {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);

    private ShutdownSignal() {}

    /** Installs the shutdown hook. */
    public static ShutdownSignal install(Duration grace) {
        ShutdownSignal s = new ShutdownSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s.requested.countDown();
            try {
                s.done.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        return s;
    }

    /** Blocks until the JVM is asked to stop. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /** The command has cleaned up; the JVM may halt. */
    public void completed() {
        done.countDown();
    }
}
