package io.hypershift.support.dataplane;

import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.testing.NodeRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SkopeoAgreementTest} on generated policies: entries drawn (with a fixed seed, so every run is the same) from
 * pools of bare hosts, host:port, namespaces, repositories and wildcards, mirrors with and without hosts or paths,
 * NeverContactSource on some sources, and images by tag and by digest on plain hosts, ports and subdomains. The
 * expected result is always what skopeo does.
 */
@NodeRuntime.Required
class SkopeoGeneratedAgreementTest {
    static final int CASES = 80;
    static final String D = SkopeoAgreementTest.D;
    static final List<String> SOURCES = List.of("reg.invalid", "reg.invalid/ns", "reg.invalid/ns/app", "*.corp.invalid",
            "a.corp.invalid", "reg.invalid:5000/ns", "b.a.corp.invalid");
    static final List<String> MIRRORS = List.of("m1.invalid", "m1.invalid/ns", "m2.invalid/deep/path", "reg.invalid/mirror",
            "mirror/nohost", "a.corp.invalid/mirror", "reg.invalid/ns/app", "m3.invalid:5000/x");
    static final List<String> IMAGES = List.of("reg.invalid/ns/app", "reg.invalid:5000/ns/app", "reg.invalid/other/x",
            "a.corp.invalid/x/y", "a.corp.invalid:8443/x", "b.a.corp.invalid/z", "reg.invalid/ns/app/sub", "reg.invalid/mirror/q");

    @TempDir
    static Path dir;

    static Stream<Arguments> cases() {
        Random random = new Random(13);
        return IntStream.range(0, CASES).mapToObj(i -> {
            List<ImageContentSource> entries = new ArrayList<>();
            Set<String> neverContact = new LinkedHashSet<>();
            int n = 1 + random.nextInt(3);
            for (int k = 0; k < n; k++) {
                String source = SOURCES.get(random.nextInt(SOURCES.size()));
                List<String> mirrors = new ArrayList<>();
                int m = random.nextInt(4);
                for (int j = 0; j < m; j++) {
                    mirrors.add(MIRRORS.get(random.nextInt(MIRRORS.size())));
                }
                entries.add(new ImageContentSource(source, mirrors));
                if (random.nextInt(10) < 3) {
                    neverContact.add(source);
                }
            }
            String image = IMAGES.get(random.nextInt(IMAGES.size())) + (random.nextBoolean() ? ":v1" : "@" + D);
            return Arguments.of(i, entries, neverContact.isEmpty() ? null : String.join(",", neverContact), image);
        });
    }

    @ParameterizedTest(name = "When generated case {0} is pulled, skopeo should do what the model says")
    @MethodSource("cases")
    void agrees(int index, List<ImageContentSource> entries, String neverContact, String image) throws IOException {
        SkopeoAgreementTest.assertAgrees(dir, entries, neverContact, image);
    }
}
