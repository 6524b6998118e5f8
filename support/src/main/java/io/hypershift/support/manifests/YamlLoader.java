package io.hypershift.support.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.UnicodeReader;
import org.yaml.snakeyaml.representer.Representer;

/**
 * YAML documents as JSON trees, with anchors, aliases and merge keys ({@code <<: *base}) resolved as kubectl
 * resolves them. Jackson's YAML parser hands an alias over as a string holding its name ({@code source: *src} read
 * as {@code "src"}) and drops anchors on scalars, so documents are composed by SnakeYAML (the library Jackson's YAML
 * module is built on) and converted here, within limits:
 * <ul>
 *   <li>{@link #MAX_ALIASES} aliases to collections per document and {@link #MAX_EXPANDED_NODES} values once
 *       aliases are expanded (no billion laughs);</li>
 *   <li>{@link #MAX_DEPTH} levels of nesting;</li>
 *   <li>{@link Manifests#MAX_FILE_BYTES} per stream (as code points, and as bytes by the caller).</li>
 * </ul>
 * Scalars are typed as before (YAML 1.1, which Jackson's parser also used); keys stay the text they were written
 * as ({@code on:} is the key "on"), and timestamps stay strings.
 */
final class YamlLoader {
    static final int MAX_ALIASES = 50;
    static final int MAX_EXPANDED_NODES = 100_000;
    static final int MAX_DEPTH = 50;

    private YamlLoader() {}

    /** The stream's documents in order; an empty document is null. */
    static List<JsonNode> read(InputStream in, String name) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) Manifests.MAX_FILE_BYTES);
        options.setAllowRecursiveKeys(false);
        Constructor constructor = new Constructor(options);
        Yaml yaml = new Yaml(constructor, new Representer(new DumperOptions()), new DumperOptions(), options);
        List<JsonNode> out = new ArrayList<>();
        Iterator<Node> docs = yaml.composeAll(text(in, name)).iterator();
        int index = 0;
        while (true) {
            index++;
            try {
                if (!docs.hasNext()) {
                    break;
                }
                Node node = docs.next();
                if (node == null) {
                    out.add(null);
                    continue;
                }
                prepare(node, new int[] {0}, name + ": document " + index);
                Object value = constructor.construct(node);
                out.add(Manifests.MAPPER.valueToTree(value));
            } catch (DuplicateKeyException e) {
                String key = e.getProblem().replaceFirst("^found duplicate key ", "");
                throw new ManifestException(name + ": document " + index + ": unreadable YAML: Duplicate field '" + key
                        + "'" + location(e.getProblemMark()), e);
            } catch (MarkedYAMLException e) {
                throw new ManifestException(name + ": document " + index + ": unreadable YAML: " + e.getProblem()
                        + location(e.getProblemMark()), e);
            } catch (YAMLException e) {
                if (e.getCause() instanceof LimitedInput.TooLong tooLong) {
                    throw new ManifestException(tooLong.getMessage(), e);
                }
                String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
                throw new ManifestException(name + ": document " + index + ": unreadable YAML: " + m, e);
            }
        }
        return out;
    }

    /**
     * The stream as characters: UTF-16 when it starts with a UTF-16 byte-order mark, else strict UTF-8 (a UTF-8 BOM
     * dropped), so that a file in another encoding is named as such, with the place of its first bad byte.
     */
    private static Reader text(InputStream in, String name) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes(); // bounded by the caller (Manifests.MAX_FILE_BYTES)
        } catch (LimitedInput.TooLong e) {
            throw new ManifestException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ManifestException(name + ": cannot read: " + e.getMessage(), e);
        }
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            return new UnicodeReader(new ByteArrayInputStream(bytes));
        }
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
                ? 3 : 0;
        ByteBuffer buf = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            return new StringReader(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buf).toString());
        } catch (CharacterCodingException e) {
            throw new ManifestException(name + ": document " + (1 + count(bytes, start, buf.position(), "\n---"))
                    + ": unreadable YAML: not valid UTF-8 at byte " + buf.position() + place(bytes, start,
                            buf.position()) + " (save the file as UTF-8)", e);
        }
    }

    /** How often {@code marker} occurs at a line start in bytes [from, to). */
    private static int count(byte[] bytes, int from, int to, String marker) {
        String head = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int i = head.indexOf(marker); i >= 0; i = head.indexOf(marker, i + 1)) {
            n++;
        }
        return n;
    }

    /** " (line L, column C)" of the byte at {@code at}. */
    private static String place(byte[] bytes, int from, int at) {
        int line = 1;
        int lineStart = from;
        for (int i = from; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return " (line " + line + ", column " + (at - lineStart + 1) + ")";
    }

    /**
     * Counts the values the document expands to (an alias counts its whole target again) and makes every mapping
     * key, and every timestamp, a string.
     */
    private static void prepare(Node node, int[] count, String origin) {
        if (++count[0] > MAX_EXPANDED_NODES) {
            throw new ManifestException(origin + ": aliases expand to more than " + MAX_EXPANDED_NODES
                    + " values (a billion-laughs document?)");
        }
        if (node instanceof ScalarNode s && Tag.TIMESTAMP.equals(s.getTag())) {
            s.setTag(Tag.STR);
        } else if (node instanceof SequenceNode seq) {
            for (Node child : seq.getValue()) {
                prepare(child, count, origin);
            }
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && !Tag.MERGE.equals(k.getTag())) {
                    k.setTag(Tag.STR);
                }
                prepare(t.getKeyNode(), count, origin);
                prepare(t.getValueNode(), count, origin);
            }
        }
    }

    private static String location(Mark m) {
        return m == null ? "" : " (line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ")";
    }

    /** SafeConstructor (mappings keep their order) with its document step reachable. */
    private static final class Constructor extends SafeConstructor {
        Constructor(LoaderOptions options) {
            super(options);
        }

        Object construct(Node node) {
            return constructDocument(node);
        }
    }
}
