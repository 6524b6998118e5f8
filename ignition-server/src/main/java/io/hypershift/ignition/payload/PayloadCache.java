package io.hypershift.ignition.payload;

import io.hypershift.support.dataplane.DataPlaneMirrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

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
            String pullSecretHash) {
        public Key {
            sources = List.copyOf(sources);
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

    public Result get(Key key, Generator generator) throws PayloadException {
        Entry entry;
        boolean owner = false;
        synchronized (entries) {
            entry = entries.get(key);
            if (entry == null || expired(entry) || entry.payload().isCompletedExceptionally()) {
                entry = new Entry(new CompletableFuture<>(), clock.instant());
                entries.put(key, entry);
                owner = true;
            }
        }
        if (owner) {
            try {
                byte[] payload = generator.generate();
                entry.payload().complete(payload);
                return new Result(payload, false);
            } catch (PayloadException | RuntimeException e) {
                synchronized (entries) {
                    entries.remove(key, entry);
                }
                entry.payload().completeExceptionally(e);
                throw e;
            }
        }
        try {
            return new Result(entry.payload().get(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PayloadException("interrupted while waiting for a payload", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PayloadException pe) {
                throw pe;
            }
            throw new PayloadException("payload generation failed: " + e.getCause().getMessage(), e.getCause());
        }
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
