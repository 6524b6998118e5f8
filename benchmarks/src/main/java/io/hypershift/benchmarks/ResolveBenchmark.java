package io.hypershift.benchmarks;

import io.hypershift.support.registryoverride.LinearPrefixMatcher;
import io.hypershift.support.registryoverride.Match;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.PrefixMatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resolve throughput against 10, 1,000 and 10,000 sources: the runtime's hash-probing matcher, the full
 * {@code candidates()} path, and a linear scan over the same sources as the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResolveBenchmark {
    private static final String SHA = "@sha256:" + "f".repeat(64);

    @Param({"10", "1000", "10000"})
    int sources;

    private PrefixMatcher<List<String>> matcher;
    private LinearPrefixMatcher<List<String>> linear;
    private MirrorOverrides overrides;
    private String[] images;
    private int next;

    @Setup
    public void setup() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < sources; i++) {
            // namespaces on a few registries, like the output of many oc-mirror runs
            map.put("registry" + (i % 7) + ".example.com/team" + i + "/app", List.of("mirror.local:5000/team" + i + "/app"));
        }
        map.put("quay.io/openshift-release-dev", List.of("mirror.local:5000/ocp"));
        matcher = PrefixMatcher.of(map);
        linear = new LinearPrefixMatcher<>(map);
        overrides = MirrorOverrides.of(map);
        Random random = new Random(7);
        images = new String[1024];
        for (int i = 0; i < images.length; i++) {
            int t = random.nextInt(sources);
            images[i] = switch (i % 4) {
                case 0 -> "registry" + (t % 7) + ".example.com/team" + t + "/app" + SHA;
                case 1 -> "quay.io/openshift-release-dev/ocp-v4.0-art-dev" + SHA;
                case 2 -> "registry" + (t % 7) + ".example.com/team" + t + "/app/sub:v1";
                default -> "unmatched.example.org/none/image:latest";
            };
        }
    }

    private String image() {
        next = (next + 1) & (images.length - 1);
        return images[next];
    }

    @Benchmark
    public Optional<Match<List<String>>> prefixMatcher() {
        return matcher.longest(image());
    }

    @Benchmark
    public List<String> candidates() {
        return overrides.candidates(image());
    }

    @Benchmark
    public Optional<Match<List<String>>> linearScanBaseline() {
        return linear.longest(image());
    }
}
