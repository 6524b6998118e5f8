package io.hypershift.support.releaseinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.testing.FaultProxy;
import io.hypershift.support.testing.Figures;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.support.testing.MutableClock;
import io.hypershift.support.testing.ReleaseFixture;
import io.hypershift.support.testing.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Release lookups while the mirror is down, slow or flapping (issue 15): the real lookup path ({@link RegistryLookups}:
 * cache → mirrors → RO → registry client) against real registries (Debian docker-registry, TLS, htpasswd), with a
 * {@link FaultProxy} between the client and the mirror. The deadlines are the behaviour under test: a lookup ends
 * with an error naming the mirror within its configured deadline (plus slack for a shared machine), never hangs, and
 * the cache never answers with a release the registry does not hold under that name.
 */
class MirrorFaultsTest {
    /** Generous slack over a deadline: the deadline is the behaviour, not a performance figure. */
    static final Duration SLACK = Duration.ofSeconds(5);
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(3);
    static final Duration LOOKUP_DEADLINE = Duration.ofSeconds(5);
    static final Duration TTL = RegistryLookups.DEFAULT_TAG_TTL;

    @RegisterExtension
    static final LocalRegistry source = LocalRegistry.named("source").tls().auth("alice", "source-pass");
    @RegisterExtension
    static final LocalRegistry mirror = LocalRegistry.named("mirror").tls().auth("bob", "mirror-pass");
    @RegisterExtension
    final FaultProxy proxy = FaultProxy.to(mirror);
    @RegisterExtension
    final FaultProxy proxy2 = FaultProxy.to(mirror);

    static ReleaseFixture.Release release;
    static ReleaseFixture.Release next;
    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void releases() {
        release = ReleaseFixture.builder().version("4.16.3").components(3).pushTo(source);
        next = ReleaseFixture.builder().version("4.16.4").components(3).pushTo(source);
        // the mirror holds the release under the same name and digest, as oc-mirror leaves it
        Skopeo.copy(release.pullSpec(), source, release.pullSpec().replace(source.hostPort(), mirror.hostPort()), mirror);
    }

    @AfterEach
    void sourceBack() throws IOException {
        source.restart();
        mirror.restart();
    }

    /** Credentials for the source and for the mirror at each proxy's address. */
    DockerConfig pullSecret() {
        String json = "{\"auths\": {" + source.authJson().replaceAll("^\\{\"auths\": \\{|}}$", "")
                + ", " + proxy.authEntry() + ", " + proxy2.authEntry() + "}}";
        return DockerConfig.parse(json.getBytes(StandardCharsets.UTF_8), "test pull secret");
    }

    RegistryLookups lookups(MirrorOverrides overrides) {
        return RegistryLookups.builder().mirrorOverrides(overrides).clock(clock)
                .clientOptions(RegistryClientOptions.defaults().withCaBundle(source.caFile())
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                        .withDeadlines(new RegistryClientOptions.Deadlines(REQUEST_DEADLINE, LOOKUP_DEADLINE)))
                .build();
    }

    String sourceNamespace() {
        return release.namespace(source.hostPort());
    }

    /** source namespace → the mirror through {@code proxies}, in order; NeverContactSource when {@code ncs}. */
    MirrorOverrides overrides(boolean ncs, FaultProxy... proxies) {
        List<String> mirrors = new ArrayList<>();
        for (FaultProxy p : proxies) {
            mirrors.add(release.namespace(p.hostPort()));
        }
        return MirrorOverrides.of(Map.of(sourceNamespace(), mirrors), ncs ? Set.of(sourceNamespace()) : Set.of());
    }

    String via(FaultProxy p, ReleaseFixture.Release r) {
        return r.pullSpec().replace(source.hostPort(), p.hostPort());
    }

    /** Runs a lookup that must fail, and returns how long it took. */
    static Duration failingLookup(ReleaseProvider provider, String image, DockerConfig secret, String... messageParts) {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> provider.lookup(image, secret)).isInstanceOf(ReleaseLookupException.class)
                .hasMessageContainingAll(messageParts);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Test
    @DisplayName("When the only mirror is down and the source is NeverContactSource, it should fail at once naming the "
            + "mirror, and send the source nothing")
    void downMirrorNeverContactSource() {
        proxy.down();
        source.markLog();
        ReleaseProvider provider = lookups(overrides(true, proxy)).releaseProvider();

        Duration took = failingLookup(provider, release.pullSpec(), pullSecret(),
                via(proxy, release), "cannot reach registry " + proxy.hostPort(), "connection refused");

        assertThat(took).isLessThan(LOOKUP_DEADLINE.plus(SLACK));
        assertThat(source.requests()).as("requests the source registry logged").isEmpty();
        record("mirror down (refused), NeverContactSource: lookup failed in", took);
    }

    @Test
    @DisplayName("When the mirror accepts connections but never answers, a lookup with NeverContactSource should end "
            + "within --registry-lookup-timeout, saying which deadline passed and naming the mirrors")
    void stalledMirrorsEndAtTheLookupDeadline() {
        proxy.stall();
        proxy2.stall();
        source.markLog();
        ReleaseProvider provider = lookups(overrides(true, proxy, proxy2)).releaseProvider();

        Duration took = failingLookup(provider, release.pullSpec(), pullSecret(), via(proxy, release),
                proxy.hostPort(), "the lookup's deadline of 5 s passed");

        // two stalled candidates of 3 s each would take 6 s: the lookup deadline of 5 s ends it
        assertThat(took).isLessThan(LOOKUP_DEADLINE.plus(SLACK));
        assertThat(source.requests()).isEmpty();
        record("two stalled mirrors (accept, never answer), lookup deadline 5 s: failed in", took);
    }

    @Test
    @DisplayName("When the first mirror is down and the second stalls, and the source may be contacted, it should fall "
            + "through in order and serve the release from the source within the lookup deadline")
    void fallsThroughToTheSource() throws Exception {
        proxy.down();
        proxy2.stall();
        source.markLog();
        ReleaseProvider provider = lookups(overrides(false, proxy, proxy2)).releaseProvider();

        long t0 = System.nanoTime();
        ReleaseImage r = provider.lookup(release.pullSpec(), pullSecret());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.servedBy()).isEqualTo(release.pullSpec());
        assertThat(r.digest()).isEqualTo(release.digest());
        assertThat(r.version()).isEqualTo("4.16.3");
        assertThat(source.countRequests(q -> q.path().contains("/manifests/") && q.status() == 200)).isGreaterThan(0);
        assertThat(took).isLessThan(LOOKUP_DEADLINE.plus(SLACK));
        record("mirror 1 down, mirror 2 stalled, source allowed: served by the source in", took);
    }

    @Test
    @DisplayName("When the source is down too, the lookup should fail listing every candidate in order")
    void everyCandidateDown() {
        proxy.down();
        source.stop();
        ReleaseProvider provider = lookups(overrides(false, proxy)).releaseProvider();

        Duration took = failingLookup(provider, release.pullSpec(), pullSecret(), "all 2 candidates failed",
                "[" + via(proxy, release) + ": cannot reach registry " + proxy.hostPort(),
                "[" + release.pullSpec() + ": cannot reach registry " + source.hostPort());
        assertThat(took).isLessThan(LOOKUP_DEADLINE.plus(SLACK));
    }

    @Test
    @DisplayName("When the mirror is slow to answer each connection, the lookup should still return the right release")
    void slowMirror() throws Exception {
        proxy.delay(Duration.ofMillis(300));
        ReleaseProvider provider = lookups(overrides(true, proxy)).releaseProvider();

        long t0 = System.nanoTime();
        ReleaseImage r = provider.lookup(release.pullSpec(), pullSecret());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.servedBy()).isEqualTo(via(proxy, release));
        assertThat(r.digest()).isEqualTo(release.digest());
        record("mirror delaying each connection by 300 ms: cold lookup in", took);
    }

    @Test
    @DisplayName("When the mirror flaps, every lookup should either fail naming the mirror or return exactly the "
            + "release; a failure is never cached; once it is back, the next lookup succeeds")
    void flappingMirror() throws Exception {
        ReleaseProvider provider = lookups(overrides(true, proxy)).releaseProvider();
        DockerConfig secret = pullSecret();
        proxy.flap(Duration.ofMillis(250), Duration.ofMillis(250));
        int ok = 0;
        int failed = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        for (int i = 0; i < 200 && (ok < 3 || failed < 3) && System.nanoTime() < deadline; i++) {
            clock.advance(TTL); // every lookup goes to the registry: the previous one has expired
            try {
                ReleaseImage r = provider.lookup(release.pullSpec(), secret);
                assertExactly(r, release, via(proxy, release));
                ok++;
            } catch (ReleaseLookupException e) {
                assertThat(e.getMessage()).contains(via(proxy, release)).doesNotContain("mirror-pass");
                failed++;
            }
        }
        assertThat(ok).as("lookups that succeeded while flapping (of %d)", ok + failed).isGreaterThanOrEqualTo(3);
        assertThat(failed).as("lookups that failed while flapping (of %d)", ok + failed).isGreaterThanOrEqualTo(3);
        record("flapping 250 ms up / 250 ms down: lookups ok / failed", ok + " / " + failed);

        // down, a failure; back up, the very next lookup (same clock: nothing expired) must go to the registry again
        proxy.down();
        clock.advance(TTL);
        failingLookup(provider, release.pullSpec(), secret, proxy.hostPort());
        proxy.pass();
        long t0 = System.nanoTime();
        ReleaseImage r = firstSuccess(provider, release.pullSpec(), secret, Duration.ofSeconds(20));
        Duration recovery = Duration.ofNanos(System.nanoTime() - t0);
        assertExactly(r, release, via(proxy, release));
        record("mirror back after a failed lookup: first successful lookup after", recovery);
    }

    @Test
    @DisplayName("When a tag on the mirror moves, a lookup should serve the old digest only within the tag TTL, the new "
            + "one after it, and an error (not the stale release) when the mirror is down after the TTL")
    void movedTagIsNotServedStalePastTheTtl() throws Exception {
        String moving = release.namespace(mirror.hostPort()) + "/ocp-release:moving";
        Skopeo.copy(release.pullSpec(), source, moving, mirror);
        String image = sourceNamespace() + "/ocp-release:moving";
        ReleaseProvider provider = lookups(overrides(true, proxy)).releaseProvider();
        DockerConfig secret = pullSecret();

        assertThat(provider.lookup(image, secret).digest()).isEqualTo(release.digest());
        Skopeo.copy(next.pullSpec(), source, moving, mirror);

        clock.advance(TTL.minusSeconds(1));
        assertThat(provider.lookup(image, secret).digest()).as("within the TTL: the cached answer")
                .isEqualTo(release.digest());
        clock.advance(Duration.ofSeconds(1));
        ReleaseImage after = provider.lookup(image, secret);
        assertThat(after.digest()).as("at the TTL: the tag's new digest").isEqualTo(next.digest());
        assertThat(after.version()).isEqualTo("4.16.4");

        clock.advance(TTL);
        proxy.down();
        failingLookup(provider, image, secret, proxy.hostPort());
        // and a digest reference stays valid for the process: its content cannot change
        proxy.pass();
        String byDigest = release.pullSpecByDigest();
        assertThat(provider.lookup(byDigest, secret).digest()).isEqualTo(release.digest());
        proxy.down();
        clock.advance(TTL.multipliedBy(10));
        assertThat(provider.lookup(byDigest, secret).digest()).isEqualTo(release.digest());
    }

    static void assertExactly(ReleaseImage r, ReleaseFixture.Release expected, String servedBy) {
        assertThat(r.servedBy()).isEqualTo(servedBy);
        assertThat(r.digest()).isEqualTo(expected.digest());
        assertThat(r.version()).isEqualTo(expected.version());
        assertThat(r.componentImages()).hasSize(expected.components().size());
    }

    /** Looks up until one succeeds (bounded), every failure being a clean {@link ReleaseLookupException}. */
    static ReleaseImage firstSuccess(ReleaseProvider provider, String image, DockerConfig secret, Duration bound)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        ReleaseLookupException last = null;
        for (int i = 0; i < 1000 && System.nanoTime() < deadline; i++) {
            try {
                return provider.lookup(image, secret);
            } catch (ReleaseLookupException e) {
                last = e;
                Thread.sleep(20);
            }
        }
        return fail("no successful lookup within " + bound, last);
    }

    static void record(String what, Object value) {
        Figures.record("mirror-faults.txt", what, value);
    }
}
