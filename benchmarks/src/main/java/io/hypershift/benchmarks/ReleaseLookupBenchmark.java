package io.hypershift.benchmarks;

import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.RegistryClient;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.releaseinfo.RegistryLookups;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseLookupException;
import io.hypershift.support.releaseinfo.ReleaseProvider;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.support.testing.ReleaseFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Release lookup latency against real registries on loopback: a TLS + htpasswd docker-registry (the "source", stopped
 * after setup) and a TLS + htpasswd mirror holding a copy made with skopeo, mirror overrides source → [dead mirror,
 * mirror] or → [mirror]. Run from the repository root (it needs hack/local-registry.sh).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReleaseLookupBenchmark {
    @Param({"20"})
    int components;

    private LocalRegistry source;
    private LocalRegistry mirror;
    private ReleaseFixture.Release release;
    private DockerConfig secret;
    private RegistryClientOptions options;
    private MirrorOverrides direct;
    private MirrorOverrides deadFirst;
    private RegistryClient sharedClient;
    private ReleaseProvider cached;

    @Setup(Level.Trial)
    public void setup() throws IOException, ReleaseLookupException {
        Path base = Path.of("benchmarks/target/local-registry/ReleaseLookupBenchmark").toAbsolutePath();
        source = LocalRegistry.named("source").tls().auth("bench", "bench-pw").start(base);
        mirror = LocalRegistry.named("mirror").tls().auth("bench", "bench-pw").start(base);
        release = ReleaseFixture.builder().components(components).pushTo(source);
        io.hypershift.support.testing.Skopeo.copy(release.pullSpec(), source,
                release.pullSpec().replace(source.hostPort(), mirror.hostPort()), mirror);
        source.stop();
        String s = source.hostPort() + "/openshift-release-dev";
        String m = mirror.hostPort() + "/openshift-release-dev";
        direct = MirrorOverrides.of(Map.of(s, List.of(m)));
        deadFirst = MirrorOverrides.of(Map.of(s, List.of("127.0.0.1:1/openshift-release-dev", m)));
        String auth = mirror.authJson();
        secret = DockerConfig.parse(auth.getBytes(java.nio.charset.StandardCharsets.UTF_8), "bench");
        options = RegistryClientOptions.defaults().withCaBundle(mirror.caFile());
        sharedClient = new RegistryClient(options);
        cached = RegistryLookups.builder().mirrorOverrides(direct).client(sharedClient).build().releaseProvider();
        check(cached.lookup(release.pullSpec(), secret));
    }

    private void check(ReleaseImage r) {
        if (!r.digest().equals(release.digest()) || r.componentImages().size() != components) {
            throw new IllegalStateException("wrong release " + r);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        source.stop();
        mirror.stop();
    }

    /** A new process's first lookup: new client (trust store, TLS handshake, 401 + basic auth), manifest, config, layer. */
    @Benchmark
    public ReleaseImage coldNewClient() throws ReleaseLookupException {
        return RegistryLookups.builder().mirrorOverrides(direct).clientOptions(options).build().releaseProvider()
                .lookup(release.pullSpec(), secret);
    }

    /** A lookup after the tag TTL expired: empty cache, warm client (pooled connections, auth known). */
    @Benchmark
    public ReleaseImage coldSharedClient() throws ReleaseLookupException {
        return RegistryLookups.builder().mirrorOverrides(direct).client(sharedClient).build().releaseProvider()
                .lookup(release.pullSpec(), secret);
    }

    /** As above with a first mirror that refuses connections (3 attempts, 200 + 400 ms backoff, then the next). */
    @Benchmark
    @Measurement(iterations = 3, time = 3)
    public ReleaseImage coldDeadFirstMirror() throws ReleaseLookupException {
        return RegistryLookups.builder().mirrorOverrides(deadFirst).client(sharedClient).build().releaseProvider()
                .lookup(release.pullSpec(), secret);
    }

    /** A cached lookup by tag within its TTL. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public ReleaseImage cached() throws ReleaseLookupException {
        return cached.lookup(release.pullSpec(), secret);
    }
}
