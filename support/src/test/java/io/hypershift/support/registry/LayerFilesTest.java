package io.hypershift.support.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.testing.OciImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class LayerFilesTest {
    private static final String REFS = "release-manifests/image-references";
    private static final String META = "release-manifests/release-metadata";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> files(String... pathsAndContents) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            m.put(pathsAndContents[i], b(pathsAndContents[i + 1]));
        }
        return m;
    }

    @Test
    void whenAGzipLayerHoldsTheWantedFilesItShouldReturnOnlyThose() throws IOException {
        byte[] layer = OciImages.layer(files("./" + REFS, "{refs}", META, "{meta}", "usr/bin/other", "x"));
        LayerFiles.Result r = LayerFiles.extract(new ByteArrayInputStream(layer), Set.of(REFS, META), 1024);
        assertThat(r.files()).containsOnlyKeys(REFS, META);
        assertThat(new String(r.files().get(REFS), StandardCharsets.UTF_8)).isEqualTo("{refs}");
        assertThat(r.deleted()).isEmpty();
    }

    @Test
    void whenTheLayerIsAnUncompressedTarItShouldReadItToo() throws IOException {
        byte[] gz = OciImages.layer(files("/" + META, "{meta}"));
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
        LayerFiles.Result r = LayerFiles.extract(new ByteArrayInputStream(tar), Set.of(META), 1024);
        assertThat(r.files()).containsOnlyKeys(META);
    }

    @Test
    void whenALayerWhitesOutAWantedFileOrItsDirectoryItShouldReportItDeleted() throws IOException {
        byte[] single = OciImages.layer(files("release-manifests/.wh.image-references", ""));
        assertThat(LayerFiles.extract(new ByteArrayInputStream(single), Set.of(REFS, META), 1024).deleted())
                .containsExactly(REFS);
        byte[] opaque = OciImages.layer(files("release-manifests/.wh..wh..opq", "", META, "{new}"));
        LayerFiles.Result r = LayerFiles.extract(new ByteArrayInputStream(opaque), Set.of(REFS, META), 1024);
        assertThat(r.deleted()).containsExactly(REFS);
        assertThat(r.files()).containsOnlyKeys(META);
    }

    @Test
    void whenAWantedFileIsLargerThanTheLimitItShouldRefuseIt() {
        byte[] layer = OciImages.layer(files(META, "x".repeat(100)));
        assertThatThrownBy(() -> LayerFiles.extract(new ByteArrayInputStream(layer), Set.of(META), 10))
                .hasMessageContaining(META + " is 100 bytes, more than the limit of 10");
    }

    @Test
    void whenTheLayerIsZstdItShouldSaySo() {
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        assertThatThrownBy(() -> LayerFiles.extract(new ByteArrayInputStream(zstd), Set.of(META), 10))
                .hasMessageContaining("zstd");
    }

    @Test
    void whenTheLayerIsReadThroughAVerifyingStreamItShouldBeReadToTheEndAndChecked() throws IOException {
        byte[] layer = OciImages.layer(files(META, "{meta}", "z/after", "padding after the wanted file"));
        Digests.VerifyingInputStream ok = new Digests.VerifyingInputStream(new ByteArrayInputStream(layer),
                Digests.sha256(layer), "r", "repo", "blob");
        assertThat(LayerFiles.extract(ok, Set.of(META), 1024).files()).containsOnlyKeys(META);
        Digests.VerifyingInputStream bad = new Digests.VerifyingInputStream(new ByteArrayInputStream(layer),
                "sha256:" + "0".repeat(64), "r", "repo", "blob");
        assertThatThrownBy(() -> LayerFiles.extract(bad, Set.of(META), 1024)).isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void whenTheDataIsNotATarItShouldFailClearly() {
        ByteArrayOutputStream junk = new ByteArrayOutputStream();
        junk.writeBytes(b("definitely not a tar archive ".repeat(40)));
        assertThatThrownBy(() -> LayerFiles.extract(new ByteArrayInputStream(junk.toByteArray()), Set.of(META), 10))
                .isInstanceOf(IOException.class);
    }
}
