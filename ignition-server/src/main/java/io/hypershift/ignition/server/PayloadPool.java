package io.hypershift.ignition.server;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Payload generation off the HTTP server's threads: a fixed number of threads, a bounded queue, and a deadline per
 * request. A full pool answers at once ({@link RejectedExecutionException}); a request whose payload is not ready by
 * the deadline gets a {@link java.util.concurrent.TimeoutException} while the generation itself goes on (bounded by
 * the registry client's own deadlines) and fills the cache for the node's retry.
 */
public final class PayloadPool implements AutoCloseable {
    private final ThreadPoolExecutor executor;
    private final Duration deadline;

    public PayloadPool(int threads, int queue, Duration deadline) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "ignition-payload-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.deadline = deadline;
    }

    /** The result of {@code work}, failed at once when the pool is full. */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Exception | Error e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
            return result;
        }
        return result;
    }

    /** What one request waits for: {@code work}'s result, or a TimeoutException after the deadline. */
    public <T> CompletableFuture<T> withDeadline(CompletableFuture<T> work) {
        return work.thenApply(v -> v).orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Duration deadline() {
        return deadline;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
