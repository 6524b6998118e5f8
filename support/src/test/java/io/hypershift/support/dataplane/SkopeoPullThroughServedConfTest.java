package io.hypershift.support.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.support.testing.NodeRuntime;
import io.hypershift.support.testing.OciImages;
import io.hypershift.support.testing.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls through the registries.conf we render, with skopeo (containers/image) as the node's runtime and two real
 * registries on loopback (Debian docker-registry, plain HTTP): the source and its mirror, holding the same image.
 * The source's access log shows whether a node would have contacted it.
 */
@NodeRuntime.Required
class SkopeoPullThroughServedConfTest {
    @RegisterExtension
    static final LocalRegistry source = LocalRegistry.named("dp-source");
    @RegisterExtension
    static final LocalRegistry mirror = LocalRegistry.named("dp-mirror");

    @TempDir
    static Path dir;

    static String digest;

    @BeforeAll
    static void pushTheSameImageToBoth() {
        OciImages oci = new OciImages(dir.resolve("oci"));
        OciImages.Blob manifest = oci.image("amd64", Map.of("test", "dataplane"),
                List.of(OciImages.layer(Map.of("hello.txt", "hello".getBytes(StandardCharsets.UTF_8)))));
        oci.tag("v1", manifest);
        Skopeo.push(oci, "v1", source, "ns/app:v1");
        Skopeo.push(oci, "v1", mirror, "ns/app:v1");
        digest = manifest.digest();
    }

    @BeforeEach
    void bothRunning() throws IOException {
        source.restart();
        mirror.restart();
        source.markLog();
        mirror.markLog();
    }

    Path served(String neverContact) throws IOException {
        String conf = RegistriesConf.render(DataPlaneMirrors.of(List.of(new ImageContentSource(
                source.hostPort() + "/ns", List.of(mirror.hostPort() + "/ns"))), neverContact));
        return Files.writeString(Files.createTempFile(dir, "registries", ".conf"), conf);
    }

    /** Only the data-plane tag mirrors (annotation hypershift.openshift.io/image-tag-mirrors), no imageContentSources. */
    Path servedWithTagMirrors(String neverContact) throws IOException {
        String conf = RegistriesConf.render(DataPlaneMirrors.of(List.of(), neverContact,
                source.hostPort() + "/ns=" + mirror.hostPort() + "/ns"));
        return Files.writeString(Files.createTempFile(dir, "registries", ".conf"), conf);
    }

    static boolean manifestRequest(LocalRegistry.Request r) {
        return r.path().startsWith("/v2/ns/app/manifests/");
    }

    @Test
    void whenTheSourceIsStopped_aDigestPullShouldSucceedFromTheMirror() throws IOException {
        source.stop();
        String image = source.hostPort() + "/ns/app@" + digest;
        NodeRuntime.Trace trace = NodeRuntime.inspect(served(null), image, "--tls-verify=false");
        assertThat(trace.fatal()).as(trace.log()).isNull();
        assertThat(trace.tried()).as(trace.log()).containsExactly(mirror.hostPort() + "/ns/app@" + digest);
        assertThat(mirror.countRequests(SkopeoPullThroughServedConfTest::manifestRequest)).isPositive();
        assertThat(NodeRegistries.parse(Files.readString(served(null))).pull(image).contacted())
                .startsWith(trace.tried().get(0));
    }

    @Test
    void whenTheSourceIsNeverContactedAndTheMirrorIsStopped_thePullShouldFailWithoutARequestToTheSource()
            throws IOException {
        mirror.stop();
        String image = source.hostPort() + "/ns/app@" + digest;
        NodeRuntime.Trace trace = NodeRuntime.inspect(served(source.hostPort() + "/ns"), image, "--tls-verify=false");
        assertThat(trace.fatal()).as(trace.log()).isNotNull();
        assertThat(trace.blocked()).as(trace.log()).containsExactly(image);
        assertThat(source.requests()).as("the source's access log").isEmpty();
    }

    @Test
    void whenATagIsPulled_itShouldGoToTheSourceNotTheMirror() throws IOException {
        String image = source.hostPort() + "/ns/app:v1";
        NodeRuntime.Trace trace = NodeRuntime.inspect(served(null), image, "--tls-verify=false");
        assertThat(trace.fatal()).as(trace.log()).isNull();
        assertThat(trace.tried()).as(trace.log()).containsExactly(image);
        assertThat(source.countRequests(SkopeoPullThroughServedConfTest::manifestRequest)).isPositive();
        assertThat(mirror.requests()).as("the mirror's access log").isEmpty();
    }

    @Test
    void whenTheSourceHasTagMirrorsAndIsStopped_aTagPullShouldSucceedFromTheMirror() throws IOException {
        source.stop();
        String image = source.hostPort() + "/ns/app:v1";
        Path conf = servedWithTagMirrors(null);
        NodeRuntime.Trace trace = NodeRuntime.inspect(conf, image, "--tls-verify=false");
        assertThat(trace.fatal()).as(trace.log()).isNull();
        assertThat(trace.tried()).as(trace.log()).first().isEqualTo(mirror.hostPort() + "/ns/app:v1");
        assertThat(mirror.countRequests(SkopeoPullThroughServedConfTest::manifestRequest)).isPositive();
        assertThat(NodeRegistries.parse(Files.readString(conf)).pull(image).contacted())
                .as("the model agrees with skopeo").startsWith(trace.tried().get(0));
    }

    @Test
    void whenTheSourceHasTagMirrorsOnly_aDigestPullShouldGoToTheSourceNotTheMirror() throws IOException {
        String image = source.hostPort() + "/ns/app@" + digest;
        Path conf = servedWithTagMirrors(null);
        NodeRuntime.Trace trace = NodeRuntime.inspect(conf, image, "--tls-verify=false");
        assertThat(trace.fatal()).as(trace.log()).isNull();
        assertThat(trace.tried()).as(trace.log()).containsExactly(image);
        assertThat(mirror.requests()).as("the mirror's access log").isEmpty();
        assertThat(NodeRegistries.parse(Files.readString(conf)).pull(image).contacted()).containsExactly(image);
    }

    @Test
    void whenATagMirroredSourceIsNeverContactedAndTheMirrorIsStopped_aTagPullShouldFailWithoutARequestToTheSource()
            throws IOException {
        mirror.stop();
        String image = source.hostPort() + "/ns/app:v1";
        NodeRuntime.Trace trace = NodeRuntime.inspect(servedWithTagMirrors(source.hostPort() + "/ns"), image,
                "--tls-verify=false");
        assertThat(trace.fatal()).as(trace.log()).isNotNull();
        assertThat(trace.blocked()).as(trace.log()).containsExactly(image);
        assertThat(source.requests()).as("the source's access log").isEmpty();
    }
}
