package io.hypershift.ignition.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PayloadCacheTest {
    private static PayloadCache.Key key(String token, String release) {
        return new PayloadCache.Key(token, release, "=", List.of(), "ps");
    }

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger generated = new AtomicInteger();

    private byte[] gen() {
        return ("p" + generated.incrementAndGet()).getBytes();
    }

    @Test
    void whenTheKeyIsTheSame_itShouldServeTheCachedPayload() throws Exception {
        PayloadCache c = new PayloadCache(clock, Duration.ofMinutes(10), 10);
        assertThat(c.get(key("t", "r1"), this::gen).hit()).isFalse();
        PayloadCache.Result again = c.get(key("t", "r1"), this::gen);
        assertThat(again.hit()).isTrue();
        assertThat(new String(again.payload())).isEqualTo("p1");
    }

    @Test
    void whenAnyPartOfTheKeyChanges_itShouldRegenerate() throws Exception {
        PayloadCache c = new PayloadCache(clock, Duration.ofMinutes(10), 10);
        c.get(key("t", "r1"), this::gen);
        assertThat(c.get(key("t2", "r1"), this::gen).hit()).isFalse();
        assertThat(c.get(key("t", "r2"), this::gen).hit()).isFalse();
        assertThat(c.get(new PayloadCache.Key("t", "r1", "a=b", List.of(), "ps"), this::gen).hit()).isFalse();
        assertThat(c.get(new PayloadCache.Key("t", "r1", "=", List.of(), "other"), this::gen).hit()).isFalse();
        assertThat(generated).hasValue(5);
    }

    @Test
    void whenTheTtlPasses_itShouldRegenerate() throws Exception {
        PayloadCache c = new PayloadCache(clock, Duration.ofMinutes(10), 10);
        c.get(key("t", "r"), this::gen);
        clock.advance(Duration.ofMinutes(9));
        assertThat(c.get(key("t", "r"), this::gen).hit()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(c.get(key("t", "r"), this::gen).hit()).isFalse();
    }

    @Test
    void whenGenerationFails_itShouldNotCacheTheFailure() throws Exception {
        PayloadCache c = new PayloadCache(clock, Duration.ofMinutes(10), 10);
        assertThatThrownBy(() -> c.get(key("t", "r"), () -> {
            throw new PayloadException("registry down");
        })).isInstanceOf(PayloadException.class).hasMessage("registry down");
        assertThat(c.size()).isZero();
        assertThat(c.get(key("t", "r"), this::gen).hit()).isFalse();
    }

    @Test
    void whenFullTheLeastRecentlyUsedEntryShouldGo() throws Exception {
        PayloadCache c = new PayloadCache(clock, Duration.ofMinutes(10), 2);
        c.get(key("a", "r"), this::gen);
        c.get(key("b", "r"), this::gen);
        c.get(key("a", "r"), this::gen);
        c.get(key("c", "r"), this::gen);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.get(key("a", "r"), this::gen).hit()).isTrue();
        assertThat(c.get(key("b", "r"), this::gen).hit()).isFalse();
    }

    @Test
    void whenManyRequestsArriveTogether_itShouldGenerateOnce() throws Exception {
        PayloadCache c = new PayloadCache(clock, Duration.ofMinutes(10), 10);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<PayloadCache.Result> first = pool.submit(() -> c.get(key("t", "r"), () -> {
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return gen();
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<PayloadCache.Result>> others = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) {
                others.add(pool.submit(() -> c.get(key("t", "r"), this::gen)));
            }
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).hit()).isFalse();
            for (Future<PayloadCache.Result> f : others) {
                assertThat(new String(f.get(10, TimeUnit.SECONDS).payload())).isEqualTo("p1");
            }
            assertThat(generated).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
