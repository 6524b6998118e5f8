package io.hypershift.support.releaseinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LookupCacheTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final LookupCache<String> cache = new LookupCache<>(clock, Duration.ofMinutes(10), 100);
    final AtomicInteger loads = new AtomicInteger();

    String get(String key, boolean permanent) throws Exception {
        return cache.get(key, permanent, Exception.class, () -> key + "#" + loads.incrementAndGet());
    }

    @Test
    void whenATagWasLoadedItShouldServeItUntilTheTtlAndLoadAgainAfter() throws Exception {
        assertThat(get("tag", false)).isEqualTo("tag#1");
        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(get("tag", false)).isEqualTo("tag#1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(get("tag", false)).isEqualTo("tag#2");
    }

    @Test
    void whenADigestWasLoadedItShouldNeverExpire() throws Exception {
        assertThat(get("digest", true)).isEqualTo("digest#1");
        clock.advance(Duration.ofDays(365));
        assertThat(get("digest", true)).isEqualTo("digest#1");
        assertThat(loads).hasValue(1);
    }

    @Test
    void whenALoadFailsItShouldNotBeCached() throws Exception {
        assertThatThrownBy(() -> cache.get("k", true, ReleaseLookupException.class, () -> {
            loads.incrementAndGet();
            throw new ReleaseLookupException("boom");
        })).isInstanceOf(ReleaseLookupException.class).hasMessage("boom");
        assertThat(get("k", true)).isEqualTo("k#2");
    }

    @Test
    void whenManyThreadsAskForOneKeyItShouldLoadOnceAndShareTheResultOrTheFailure() throws Exception {
        CountDownLatch inLoad = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(pool.submit(() -> cache.get("one", false, Exception.class, () -> {
                    inLoad.countDown();
                    assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                    return "v" + loads.incrementAndGet();
                })));
            }
            assertThat(inLoad.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50); // let the others queue on the same future
            release.countDown();
            for (Future<String> f : fs) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
            }
            assertThat(loads).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenOneKeyIsSlowItShouldNotBlockAnotherKey() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> slow = pool.submit(() -> cache.get("slow", false, Exception.class, () -> {
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                return "slow";
            }));
            assertThat(get("fast", false)).isEqualTo("fast#1"); // returns while "slow" is still loading
            assertThat(slow).isNotDone();
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenTheCacheIsFullItShouldEvictExpiredThenOldestEntries() throws Exception {
        LookupCache<String> small = new LookupCache<>(clock, Duration.ofMinutes(1), 2);
        small.get("a", true, Exception.class, () -> "a");
        clock.advance(Duration.ofSeconds(1));
        small.get("b", true, Exception.class, () -> "b");
        clock.advance(Duration.ofSeconds(1));
        small.get("c", true, Exception.class, () -> "c");
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.get("a", true, Exception.class, () -> "a-again")).isEqualTo("a-again");
    }
}
