package io.hypershift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.ignition.payload.NodePayload;
import io.hypershift.ignition.payload.PayloadGenerator;
import io.hypershift.operator.components.hostedcontrolplane.HostedControlPlaneComponent;
import io.hypershift.operator.manifests.ManagementManifests;
import io.hypershift.support.dataplane.DataPlaneMirrors;
import io.hypershift.support.releaseinfo.LocatedImage;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.StaticReleaseProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code hypershift-operator dataplane registries-conf} prints, byte for byte, the file the ignition-server puts in the
 * payload it serves for the HostedControlPlane that the operator writes for the same HostedCluster. No cluster: the
 * operator's HostedControlPlane model and the ignition-server's payload generator, in process.
 */
class ServedRegistriesConfTest {
    static final String D = "sha256:" + "a".repeat(64);
    static final String RELEASE = "quay.io/ocp/release@" + D;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "When the HostedCluster is {0}, the printed file should be the served one")
    @ValueSource(strings = {"the example", "air-gapped with a source that has no mirror"})
    void printedEqualsServed(String which) throws Exception {
        Path file = which.equals("the example") ? Path.of("..", "examples", "hostedcluster.yaml") : airGapped();
        StringWriter out = new StringWriter();
        CommandLine cli = io.hypershift.operator.cli.Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("dataplane", "registries-conf", "--hosted-cluster", file.toString())).isZero();

        HostedCluster hc = ManagementManifests.readHostedCluster(file);
        ReleaseImage release = new ReleaseImage(RELEASE, RELEASE, D, "4.18.0",
                Map.of("machine-config-operator", RELEASE, "pod", RELEASE, "haproxy-router", RELEASE),
                Map.of("io.openshift.release", "4.18.0"));
        PayloadGenerator generator = new PayloadGenerator(new StaticReleaseProvider(Map.of(RELEASE, release)),
                (image, ps) -> new LocatedImage(image, image, D), PayloadGenerator.DEFAULT_NODE_COMPONENTS);
        byte[] payload = generator.generate(RELEASE, "{\"auths\":{}}".getBytes(StandardCharsets.UTF_8), "test",
                DataPlaneMirrors.of(HostedControlPlaneComponent.build(hc)));
        String served = IgnitionFetch.files(payload, new ArrayList<>()).get(NodePayload.REGISTRIES_CONF).contents();

        assertThat(out.toString()).isEqualTo(served).contains("[[registry]]");
    }

    private Path airGapped() throws Exception {
        Path file = dir.resolve("hc.yaml");
        Files.writeString(file, """
                apiVersion: hypershift.openshift.io/v1beta1
                kind: HostedCluster
                metadata:
                  name: example
                  namespace: clusters
                  annotations:
                    hypershift.openshift.io/image-content-sources-never-contact-source: quay.io/air,quay.io/ocp
                spec:
                  release:
                    image: %s
                  pullSecret:
                    name: pull-secret
                  imageContentSources:
                  - source: quay.io/ocp
                    mirrors: [mirror.example.com/ocp]
                  - source: quay.io/air
                    mirrors: []
                """.formatted(RELEASE));
        return file;
    }
}
