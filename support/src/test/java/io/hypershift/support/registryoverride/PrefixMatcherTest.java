package io.hypershift.support.registryoverride;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrefixMatcherTest {
    private static final String SHA = "sha256:" + "b".repeat(64);

    static Stream<Arguments> rewrites() {
        return Stream.of(
                // SPEC §5 vectors
                Arguments.of(Map.of("quay.io", "m.example.com"), "quay.io/a/b@" + SHA, "m.example.com/a/b@" + SHA),
                Arguments.of(Map.of("quay.io", "m.example.com"), "quay.io.example.com/x", "quay.io.example.com/x"),
                Arguments.of(Map.of("quay.io", "m.example.com"), "quay.io:5000/x", "quay.io:5000/x"),
                Arguments.of(Map.of("quay.io", "broad", "quay.io/openshift-release-dev", "narrow/m"),
                        "quay.io/openshift-release-dev/ocp-release@sha256:abc", "narrow/m/ocp-release@sha256:abc"),
                // equality, tags after a repository, ports
                Arguments.of(Map.of("quay.io/a/b", "m/x"), "quay.io/a/b", "m/x"),
                Arguments.of(Map.of("quay.io/a/b", "m/x"), "quay.io/a/b:v1", "m/x:v1"),
                Arguments.of(Map.of("quay.io/a/b", "m/x"), "quay.io/a/bc:v1", "quay.io/a/bc:v1"),
                Arguments.of(Map.of("quay.io/a/b", "m/x"), "quay.io/a/b@" + SHA, "m/x@" + SHA),
                Arguments.of(Map.of("localhost:5000", "mirror:6000"), "localhost:5000/img:1", "mirror:6000/img:1"),
                Arguments.of(Map.of("localhost", "mirror"), "localhost:5000/img", "localhost:5000/img"),
                Arguments.of(Map.of("localhost", "mirror"), "localhost/img", "mirror/img"),
                // a source with a digest matches only that digest
                Arguments.of(Map.of("quay.io/a/b@" + SHA, "m/pinned@" + SHA), "quay.io/a/b@" + SHA, "m/pinned@" + SHA),
                // wildcards
                Arguments.of(Map.of("*.example.com", "mirror.local/ex"), "foo.example.com/a/b:1", "mirror.local/ex/a/b:1"),
                Arguments.of(Map.of("*.example.com", "mirror.local/ex"), "a.b.example.com/x", "mirror.local/ex/x"),
                Arguments.of(Map.of("*.example.com", "mirror.local/ex"), "example.com/x", "example.com/x"),
                Arguments.of(Map.of("*.example.com", "mirror.local/ex"), "foo.example.com:5000/x", "foo.example.com:5000/x"),
                Arguments.of(Map.of("*.example.com", "w", "foo.example.com/team", "exact"), "foo.example.com/team/app",
                        "exact/app"),
                Arguments.of(Map.of("*.example.com", "w", "*.b.example.com", "narrow"), "a.b.example.com/app", "narrow/app"),
                // no match
                Arguments.of(Map.of("quay.io", "m"), "registry.redhat.io/x", "registry.redhat.io/x"),
                Arguments.of(Map.of(), "quay.io/x", "quay.io/x"));
    }

    @ParameterizedTest(name = "When overrides are {0} and the image is {1}, it should rewrite to {2}")
    @MethodSource("rewrites")
    void rewritesByLongestBoundaryAwarePrefix(Map<String, String> ro, String image, String expected) {
        assertThat(RegistryOverrides.of(ro).rewrite(image)).isEqualTo(expected);
        assertThat(new LinearPrefixMatcher<>(ro).longest(image).map(m -> m.rewrite(image, m.value())).orElse(image))
                .as("linear oracle agrees").isEqualTo(expected);
    }

    @Test
    void whenSourcesAreRandomItShouldAgreeWithTheLinearScan() {
        Random random = new Random(42);
        String[] hosts = {"quay.io", "a.example.com", "b.example.com", "localhost", "localhost:5000", "reg.io:443"};
        String[] parts = {"a", "b", "ab", "openshift", "x-y", "z_z"};
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder s = new StringBuilder(random.nextInt(10) == 0 ? "*.example.com" : hosts[random.nextInt(hosts.length)]);
            if (!s.toString().startsWith("*")) {
                int depth = random.nextInt(3);
                for (int d = 0; d < depth; d++) {
                    s.append('/').append(parts[random.nextInt(parts.length)]);
                }
                if (depth > 0 && random.nextInt(5) == 0) {
                    s.append(":v").append(random.nextInt(3));
                }
            }
            sources.put(s.toString(), "m" + i);
        }
        PrefixMatcher<String> fast = PrefixMatcher.of(sources);
        LinearPrefixMatcher<String> slow = new LinearPrefixMatcher<>(sources);
        for (int i = 0; i < 5000; i++) {
            StringBuilder img = new StringBuilder(hosts[random.nextInt(hosts.length)]);
            int depth = 1 + random.nextInt(4);
            for (int d = 0; d < depth; d++) {
                img.append('/').append(parts[random.nextInt(parts.length)]);
            }
            switch (random.nextInt(3)) {
                case 0 -> img.append(":v").append(random.nextInt(3));
                case 1 -> img.append('@').append(SHA);
                default -> { }
            }
            String image = img.toString();
            assertThat(fast.longest(image)).as(image).isEqualTo(slow.longest(image));
        }
    }

    @Test
    void whenTheImageHasNoSlashItShouldMatchOnlyTheWholeHostOrADigest() {
        PrefixMatcher<String> m = PrefixMatcher.of(Map.of("quay.io", "x"));
        assertThat(m.longest("quay.io")).map(Match::matchedLength).contains(7);
        assertThat(m.longest("quay.io@" + SHA)).map(Match::source).contains("quay.io");
        assertThat(m.longest("quay.io:5000")).isEmpty();
    }
}
