package io.hypershift.support.registry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads named regular files out of one image layer (a tar, gzip-compressed or not), streaming: nothing but the wanted
 * files is kept in memory. Also reports the wanted files that this layer deletes for the layers below it (OCI
 * whiteouts: {@code .wh.NAME} and the opaque {@code .wh..wh..opq}).
 */
public final class LayerFiles {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    /**
     * @param files path → content of the wanted files found in this layer
     * @param deleted wanted paths that this layer hides from the layers below it
     */
    public record Result(Map<String, byte[]> files, Set<String> deleted) {
        public Result {
            files = Collections.unmodifiableMap(files);
            deleted = Collections.unmodifiableSet(deleted);
        }
    }

    private LayerFiles() {}

    /**
     * Reads {@code wanted} (paths relative to the image root, e.g. {@code release-manifests/image-references}) from
     * {@code layer}, to its end (so a verifying stream underneath checks its digest).
     *
     * @throws IOException when the layer is not a (gzip) tar, or a wanted file is larger than {@code maxFileBytes}
     */
    public static Result extract(InputStream layer, Set<String> wanted, long maxFileBytes) throws IOException {
        BufferedInputStream in = new BufferedInputStream(layer, 64 * 1024);
        InputStream tar = decompress(in);
        Map<String, byte[]> found = new LinkedHashMap<>();
        Set<String> deleted = new HashSet<>();
        try (TarArchiveInputStream t = new TarArchiveInputStream(tar)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                String path = normalise(e.getName());
                String dir = parent(path);
                String base = path.substring(dir.isEmpty() ? 0 : dir.length() + 1);
                if (base.equals(OPAQUE)) {
                    for (String w : wanted) {
                        if (dir.isEmpty() || w.startsWith(dir + "/")) {
                            deleted.add(w);
                        }
                    }
                } else if (base.startsWith(WHITEOUT)) {
                    String target = (dir.isEmpty() ? "" : dir + "/") + base.substring(WHITEOUT.length());
                    for (String w : wanted) {
                        if (w.equals(target) || w.startsWith(target + "/")) {
                            deleted.add(w);
                        }
                    }
                } else if (wanted.contains(path) && e.isFile()) {
                    if (e.getSize() > maxFileBytes) {
                        throw new IOException(path + " is " + e.getSize() + " bytes, more than the limit of " + maxFileBytes);
                    }
                    found.put(path, t.readAllBytes());
                }
            }
            // read to the very end of the blob (tar padding, gzip trailer) so that its digest gets checked
            in.transferTo(OutputStreamSink.INSTANCE);
        } catch (IllegalArgumentException e) {
            throw new IOException("the layer is not a valid tar archive: " + e.getMessage(), e);
        }
        found.keySet().forEach(deleted::remove);
        return new Result(found, deleted);
    }

    private static InputStream decompress(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 64 * 1024);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            throw new IOException("zstd-compressed layers are not supported");
        }
        return in;
    }

    /** {@code ./a/b}, {@code /a/b} and {@code a/b/} all become {@code a/b}. */
    static String normalise(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.substring(n.startsWith("./") ? 2 : 1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
