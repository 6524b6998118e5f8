package io.hypershift.ignition.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks an Ignition document against the parts of the 3.4.0 spec it uses, independently of the writer: an object
 * whose {@code ignition.version} is {@code 3.4.0}; {@code storage.files[]} each with an absolute {@code path}, a
 * {@code contents.source} that is a {@code data:} URL, an integer {@code mode} in 0..07777 and a boolean
 * {@code overwrite}; no unknown top-level keys. Returns the decoded files by path.
 */
public final class IgnitionDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A decoded file. */
    public record File(int mode, boolean overwrite, byte[] contents) {
        public String text() {
            return new String(contents, StandardCharsets.UTF_8);
        }
    }

    private IgnitionDocument() {}

    public static Map<String, File> validate(byte[] json) throws Exception {
        JsonNode root = JSON.readTree(json);
        assertThat(root.isObject()).as("document is a JSON object").isTrue();
        root.fieldNames().forEachRemaining(k -> assertThat(k).as("top-level key")
                .isIn("ignition", "passwd", "storage", "systemd", "kernelArguments"));
        assertThat(root.path("ignition").path("version").asText()).isEqualTo("3.4.0");
        JsonNode files = root.path("storage").path("files");
        assertThat(files.isArray()).as("storage.files is an array").isTrue();
        Map<String, File> out = new LinkedHashMap<>();
        for (JsonNode f : files) {
            String path = f.path("path").asText();
            assertThat(path).as("file path").startsWith("/");
            assertThat(out).as("duplicate path %s", path).doesNotContainKey(path);
            JsonNode mode = f.get("mode");
            assertThat(mode != null && mode.isInt()).as("%s: mode is an integer", path).isTrue();
            assertThat(mode.asInt()).as("%s: mode", path).isBetween(0, 07777);
            JsonNode overwrite = f.get("overwrite");
            assertThat(overwrite != null && overwrite.isBoolean()).as("%s: overwrite is a boolean", path).isTrue();
            String source = f.path("contents").path("source").asText();
            assertThat(source).as("%s: contents.source", path).startsWith("data:");
            out.put(path, new File(mode.asInt(), overwrite.asBoolean(), decode(source)));
        }
        return out;
    }

    /** Decodes an RFC 2397 data URL (base64 or percent-encoded). */
    static byte[] decode(String url) {
        int comma = url.indexOf(',');
        assertThat(comma).as("data URL has a comma").isPositive();
        String meta = url.substring("data:".length(), comma);
        String data = url.substring(comma + 1);
        if (meta.endsWith(";base64")) {
            return Base64.getDecoder().decode(data);
        }
        return java.net.URLDecoder.decode(data, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }
}
