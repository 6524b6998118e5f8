package io.hypershift.ignition.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * An Ignition config, spec 3.4.0, that writes files: {@code ignition.version}, and for each file {@code path},
 * {@code contents.source} as an RFC 2397 {@code data:} URL (base64), {@code mode} as a decimal integer and
 * {@code overwrite: true}. Files are sorted by path, so the same files give the same bytes.
 */
public final class IgnitionConfig {
    public static final String VERSION = "3.4.0";
    /** 0644. */
    public static final int MODE_0644 = 0644;
    /** 0600. */
    public static final int MODE_0600 = 0600;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATA_URL_PREFIX = "data:text/plain;charset=utf-8;base64,";

    /** A file to write on the node. */
    public record File(String path, int mode, byte[] contents) {
        public File {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("Ignition file paths are absolute: " + path);
            }
            contents = contents.clone();
        }

        @Override
        public byte[] contents() {
            return contents.clone();
        }
    }

    private final List<File> files = new ArrayList<>();

    public IgnitionConfig file(String path, int mode, byte[] contents) {
        files.add(new File(path, mode, contents));
        return this;
    }

    public IgnitionConfig file(String path, int mode, String contents) {
        return file(path, mode, contents.getBytes(StandardCharsets.UTF_8));
    }

    /** The config as compact JSON. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("ignition").put("version", VERSION);
        ArrayNode out = root.putObject("storage").putArray("files");
        List<File> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(File::path));
        for (File f : sorted) {
            ObjectNode n = out.addObject();
            n.put("path", f.path());
            n.putObject("contents").put("source", dataUrl(f.contents()));
            n.put("mode", f.mode());
            n.put("overwrite", true);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RFC 2397 data URL carrying {@code bytes}. */
    public static String dataUrl(byte[] bytes) {
        return DATA_URL_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }
}
