package io.hypershift.support.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.testing.NodeRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NodeRegistries} against a real consumer of registries.conf: skopeo (containers/image) reads the file we
 * render, and its pull order, refusals and failures must be exactly the model's. Every host is under {@code .invalid}
 * so that nothing leaves the machine: each source fails at its DNS lookup after skopeo has logged that it tried it.
 */
@NodeRuntime.Required
class SkopeoAgreementTest {
    static final String D = "sha256:" + "0123456789abcdef".repeat(4);

    @TempDir
    static Path dir;

    record Entry(String source, List<String> mirrors) {}

    static Entry e(String source, String... mirrors) {
        return new Entry(source, Arrays.asList(mirrors));
    }

    static Arguments row(String when, String neverContact, List<Entry> entries, String image) {
        return Arguments.of(when, neverContact, entries, image);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("a digest pull has two mirrors", null,
                        List.of(e("src.invalid/ocp", "m1.invalid/ocp", "m2.invalid/ocp")), "src.invalid/ocp/rel@" + D),
                row("a tag pull meets digest-only mirrors", null,
                        List.of(e("src.invalid/ocp", "m1.invalid/ocp")), "src.invalid/ocp/rel:4.18"),
                row("a tag pull meets NeverContactSource", "src.invalid/ocp",
                        List.of(e("src.invalid/ocp", "m1.invalid/ocp")), "src.invalid/ocp/rel:4.18"),
                row("a digest pull meets NeverContactSource", "src.invalid/ocp",
                        List.of(e("src.invalid/ocp", "m1.invalid/ocp")), "src.invalid/ocp/rel@" + D),
                row("NeverContactSource has no mirror", "src.invalid/air",
                        List.of(e("src.invalid/air")), "src.invalid/air/x@" + D),
                row("a mirror lives under the blocked source", "registry.invalid",
                        List.of(e("registry.invalid", "registry.invalid/mirror", "other.invalid/mirror")),
                        "registry.invalid/a/b@" + D),
                row("a mirror is a sibling of the blocked repository", "registry.invalid/upstream",
                        List.of(e("registry.invalid/upstream", "registry.invalid/mirror")), "registry.invalid/upstream/x@" + D),
                row("a mirror has no registry host", null,
                        List.of(e("src.invalid/ocp", "mirror/art-dev")), "src.invalid/ocp/x@" + D),
                row("a wildcard source meets host:port", null,
                        List.of(e("*.example.invalid", "mirror.invalid/ns")), "a.example.invalid:5000/x@" + D),
                row("a wildcard source meets a host in its domain", null,
                        List.of(e("*.example.invalid", "mirror.invalid/ns")), "a.example.invalid/x/y@" + D),
                row("a bare-host source meets host:port", "quay.invalid",
                        List.of(e("quay.invalid", "mirror.invalid")), "quay.invalid:5000/x@" + D),
                row("a bare-host source with a namespaced mirror meets host:port", null,
                        List.of(e("quay.invalid", "mirror.invalid/quay")), "quay.invalid:5000/x@" + D),
                row("a blocked bare host meets a tag on host:port", "quay.invalid",
                        List.of(e("quay.invalid")), "quay.invalid:5000/x:1"),
                row("a wildcard and a plain host of equal length both match", null,
                        List.of(e("*.example.invalid", "wild.invalid"), e("a.example.invalid", "plain.invalid")),
                        "a.example.invalid/x@" + D),
                row("a longer plain host and a wildcard both match", null,
                        List.of(e("*.example.invalid", "wild.invalid"), e("ab.example.invalid", "plain.invalid")),
                        "ab.example.invalid/x@" + D),
                row("a source's mirrors are (z, a, z)", null,
                        List.of(e("src.invalid/r", "z.invalid/r", "a.invalid/r", "z.invalid/r")), "src.invalid/r/x@" + D),
                row("two entries are (x, y) and (y, z)", null,
                        List.of(e("src.invalid/r", "x.invalid/r", "y.invalid/r"), e("src.invalid/r", "y.invalid/r", "z.invalid/r")),
                        "src.invalid/r/x@" + D),
                row("two entries are (zeta) and (alpha)", null,
                        List.of(e("src.invalid/r", "zeta.invalid/r"), e("src.invalid/r", "alpha.invalid/r")),
                        "src.invalid/r/x@" + D),
                row("a blocked scope without mirrors is nested in a mirrored one", "primary.invalid/top/blocked",
                        List.of(e("primary.invalid/top", "mirror.invalid/primary"), e("primary.invalid/top/blocked")),
                        "primary.invalid/top/blocked/x@" + D),
                row("nested sources both match", null,
                        List.of(e("quay.invalid", "broad.invalid"), e("quay.invalid/ocp", "narrow.invalid/ocp")),
                        "quay.invalid/ocp/x@" + D),
                row("an image has both a tag and a digest", null,
                        List.of(e("src.invalid/r", "m.invalid/r")), "src.invalid/r/x:1@" + D));
    }

    @ParameterizedTest(name = "When {0}, skopeo should do what the model says")
    @MethodSource("cases")
    void agrees(String when, String neverContact, List<Entry> entries, String image) throws IOException {
        NodePull model = assertAgrees(dir, entries.stream().map(x -> new ImageContentSource(x.source(), x.mirrors())).toList(),
                neverContact, image);
        System.out.println("skopeo agrees with dataplane resolve: " + when + ": " + image.replace(D, "D") + " -> "
                + (model.failure() != null ? "fails: " + model.failure() : String.join(", ", model.contacted()).replace(D, "D")));
    }

    /**
     * Renders the file, runs skopeo on it and asserts that skopeo tries, refuses and fails exactly as the model says,
     * and never contacts a NeverContactSource source.
     */
    static List<NodeHazards.Entry> entries(List<ImageContentSource> sources, String neverContact) {
        java.util.Set<String> nc = DataPlaneMirrors.parseSourceList(neverContact);
        return sources.stream().map(x -> new NodeHazards.Entry(x.getSource(), x.getSource(), x.getMirrors(),
                nc.contains(x.getSource()))).toList();
    }

    static NodePull assertAgrees(Path dir, List<ImageContentSource> sources, String neverContact, String image)
            throws IOException {
        String conf = RegistriesConf.render(DataPlaneMirrors.of(sources, neverContact));
        Path file = Files.writeString(Files.createTempFile(dir, "registries", ".conf"), conf);
        NodePull model = NodeRegistries.parse(conf).pull(image);
        NodeRuntime.Trace skopeo = NodeRuntime.inspect(file, image);
        String context = conf + "\n" + image + "\n" + skopeo.log();
        if (model.failure() != null) {
            assertThat(skopeo.tried()).as(context).isEmpty();
            assertThat(skopeo.fatal()).as(context).contains(model.failure().replaceFirst("^rewriting reference: ", ""));
        } else {
            assertThat(skopeo.tried()).as(context)
                    .containsExactlyElementsOf(model.attempts().stream().map(NodePull.Attempt::reference).toList());
            assertThat(skopeo.contacted()).as(context).containsExactlyElementsOf(model.contacted());
        }
        for (String blocked : DataPlaneMirrors.parseSourceList(neverContact)) {
            // the air gap: nothing under a NeverContactSource source is contacted, unless a longer source opens it
            boolean opened = sources.stream().map(ImageContentSource::getSource)
                    .anyMatch(t -> !t.equals(blocked) && NodeRegistries.matchingPrefix(t, blocked) != -1);
            boolean leaks = skopeo.contacted().stream().anyMatch(ref -> NodeRegistries.matchingPrefix(ref, blocked) != -1);
            if (!opened && leaks) {
                // containers/image's rules can lose a block (an equal-length wildcard wins); then it must be reported
                assertThat(NodeHazards.check(entries(sources, neverContact), true)).as(context)
                        .anyMatch(h -> h.kind() == NodeHazards.Kind.NEVER_CONTACT_SHADOWED);
            }
        }
        return model;
    }
}
