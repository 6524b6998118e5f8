package io.hypershift.support.releaseinfo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A cache of lookups by key with single flight: concurrent {@link #get}s of one key run the loader once and share its
 * result (or its failure); different keys load in parallel, with no lock shared between keys. Results of a permanent
 * key (a digest reference) are kept for the life of the process; others for {@code ttl} from when they loaded,
 * measured on the injected clock. Failures are not kept. The number of entries is bounded: past
 * {@code maxEntries}, expired entries go first, then the oldest.
 */
public final class LookupCache<V> {
    /** Loads a value; its exception is what every waiter gets. */
    @FunctionalInterface
    public interface Loader<V, E extends Exception> {
        V load() throws E;
    }

    private static final class Entry<V> {
        final CompletableFuture<V> future = new CompletableFuture<>();
        final boolean permanent;
        volatile Instant loadedAt;

        Entry(boolean permanent) {
            this.permanent = permanent;
        }
    }

    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

    public LookupCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    /**
     * The cached value for {@code key}, or the loader's. {@code permanent} keys never expire.
     *
     * @throws E the loader's exception, for this caller and for every caller that waited on the same load
     */
    public <E extends Exception> V get(String key, boolean permanent, Class<E> failure, Loader<V, E> loader)
            throws E, InterruptedException {
        for (int i = 0; i < 3; i++) {
            Entry<V> e = entries.get(key);
            if (e != null && isExpired(e)) {
                entries.remove(key, e);
                e = null;
            }
            if (e == null) {
                Entry<V> mine = new Entry<>(permanent);
                e = entries.putIfAbsent(key, mine);
                if (e == null) {
                    return load(key, mine, failure, loader);
                }
            }
            try {
                return e.future.get();
            } catch (ExecutionException ex) {
                throw rethrow(ex.getCause(), failure);
            }
        }
        // the entry expired three times while we looked: load without caching rather than spin
        return loader.load();
    }

    private <E extends Exception> V load(String key, Entry<V> mine, Class<E> failure, Loader<V, E> loader) throws E {
        try {
            V v = loader.load();
            mine.loadedAt = clock.instant();
            mine.future.complete(v);
            evictIfFull();
            return v;
        } catch (Exception | Error ex) {
            entries.remove(key, mine);
            mine.future.completeExceptionally(ex);
            throw rethrow(ex, failure);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Throwable t, Class<E> failure) {
        if (failure.isInstance(t)) {
            return (E) t;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(t);
    }

    private boolean isExpired(Entry<V> e) {
        Instant at = e.loadedAt;
        return !e.permanent && at != null && !clock.instant().isBefore(at.plus(ttl));
    }

    private void evictIfFull() {
        if (entries.size() <= maxEntries) {
            return;
        }
        entries.entrySet().removeIf(en -> isExpired(en.getValue()));
        while (entries.size() > maxEntries) {
            entries.entrySet().stream()
                    .filter(en -> en.getValue().loadedAt != null)
                    .min((a, b) -> a.getValue().loadedAt.compareTo(b.getValue().loadedAt))
                    .ifPresentOrElse(en -> entries.remove(en.getKey(), en.getValue()), () -> { });
            if (entries.values().stream().allMatch(en -> en.loadedAt == null)) {
                break;
            }
        }
    }

    /** Drops every entry (e.g. when the overrides change). */
    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }
}
