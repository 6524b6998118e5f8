package io.hypershift.ignition.payload;

import io.hypershift.support.dataplane.DataPlaneMirrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Generated payloads, keyed by everything that goes into one: the token, the release, the overrides, the
 * {@code imageContentSources} (with their policy) and the pull secret. A change of any of them is a new key, so a
 * new payload. Entries live for {@code ttl}, because a mirror that served a component may go away; the least recently
 * used entry goes first once {@code maxEntries} is reached. Concurrent requests for one key generate it once; a
 * failure is not cached.
 */
public final class PayloadCache {
    /** Everything a payload depends on. Hashes stand in for secrets. */
    public record Key(String tokenHash, String releaseImage, String overrides, List<DataPlaneMirrors.MirrorSet> sources,
            List<DataPlaneMirrors.MirrorSet> tagSources, String pullSecretHash) {
        public Key {
            sources = List.copyOf(sources);
            tagSources = List.copyOf(tagSources);
        }

        /** Without data-plane tag mirrors. */
        public Key(String tokenHash, String releaseImage, String overrides, List<DataPlaneMirrors.MirrorSet> sources,
                String pullSecretHash) {
            this(tokenHash, releaseImage, overrides, sources, List.of(), pullSecretHash);
        }
    }

    /** A payload and whether it came from the cache. */
    public record Result(byte[] payload, boolean hit) {}

    /** Generates a payload on a miss. */
    @FunctionalInterface
    public interface Generator {
        byte[] generate() throws PayloadException;
    }

    private record Entry(CompletableFuture<byte[]> payload, Instant created) {}

    private final Clock clock;
    private final Duration ttl;
    private final Map<Key, Entry> entries;

    public PayloadCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /**
     * The payload for {@code key} now, generated on the calling thread on a miss.
     *
     * @throws PayloadException when generation fails (this call's or the concurrent one it waited for)
     */
    public Result get(Key key, Generator generator) throws PayloadException {
        try {
            return lookup(key, () -> {
                try {
                    return CompletableFuture.completedFuture(generator.generate());
                } catch (PayloadException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PayloadException("interrupted while waiting for a payload", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof PayloadException pe) {
                throw pe;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new PayloadException("payload generation failed: " + cause.getMessage(), cause);
        }
    }

    /**
     * The payload for {@code key}: cached, in flight (joined without a thread of its own), or started with
     * {@code start} on a miss. Concurrent requests for one key start it once; a failure is not cached.
     */
    public CompletableFuture<Result> lookup(Key key, Supplier<CompletableFuture<byte[]>> start) {
        Entry mine = new Entry(new CompletableFuture<>(), clock.instant());
        Entry existing;
        synchronized (entries) {
            existing = entries.get(key);
            if (existing == null || expired(existing) || existing.payload().isCompletedExceptionally()) {
                entries.put(key, mine);
                existing = null;
            }
        }
        if (existing != null) {
            return existing.payload().thenApply(p -> new Result(p, true));
        }
        CompletableFuture<byte[]> started;
        try {
            started = start.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((payload, failure) -> {
            if (failure == null) {
                mine.payload().complete(payload);
                return;
            }
            synchronized (entries) {
                entries.remove(key, mine);
            }
            mine.payload().completeExceptionally(failure);
        });
        return mine.payload().thenApply(p -> new Result(p, false));
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private boolean expired(Entry e) {
        return e.payload().isDone() && !e.created().plus(ttl).isAfter(clock.instant());
    }
}
