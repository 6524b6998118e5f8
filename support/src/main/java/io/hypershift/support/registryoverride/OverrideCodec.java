package io.hypershift.support.registryoverride;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The string forms of overrides (SPEC §4), as HyperShift's {@code support/util/util.go} writes and reads them.
 *
 * <ul>
 *   <li>RO flag: {@code k=v} for each entry, the {@code k=v} strings sorted, joined by {@code ,}; empty is {@code =}.</li>
 *   <li>Mirror overrides: sources sorted, each repeated once per mirror as {@code source=mirror} with the mirrors in
 *       priority order (HyperShift sorts them, losing priority; we do not), joined by {@code ,}; empty is {@code =}.</li>
 *   <li>Parser: {@code ""} and {@code "="} are empty. Split on {@code ,}, each piece at its first {@code =}; pieces
 *       with no {@code =}, an empty key or an empty value are skipped, each with a warning.</li>
 * </ul>
 */
public final class OverrideCodec {
    /** The literal HyperShift writes for no overrides (the null of a StringToString flag). */
    public static final String EMPTY = "=";

    private OverrideCodec() {}

    public static String formatMirrors(MirrorOverrides overrides) {
        List<String> pieces = new ArrayList<>();
        overrides.asMap().forEach((source, mirrors) -> mirrors.forEach(m -> pieces.add(source + "=" + m)));
        return pieces.isEmpty() ? EMPTY : String.join(",", pieces);
    }

    public static String formatRegistryOverrides(RegistryOverrides ro) {
        List<String> pieces = new ArrayList<>();
        ro.asMap().forEach((source, target) -> pieces.add(source + "=" + target));
        pieces.sort(null);
        return pieces.isEmpty() ? EMPTY : String.join(",", pieces);
    }

    /** Whether a source or mirror can be written into an override string and read back unchanged. */
    public static boolean isEncodable(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '=' || Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /** Parses a mirror-override string (env, annotation, or the ignition-server flag) into source → mirrors. */
    public static ParseResult<MirrorOverrides> parseMirrors(String value) {
        List<String> warnings = new ArrayList<>();
        MirrorOverrides.Builder b = MirrorOverrides.builder();
        for (String[] kv : pieces(value, warnings)) {
            if (!b.add(kv[0], kv[1])) {
                warnings.add("duplicate piece \"" + kv[0] + "=" + kv[1] + "\" ignored");
            }
        }
        return new ParseResult<>(b.build(), warnings);
    }

    /** Parses an RO flag value into source → target. A source given twice keeps its last target, with a warning. */
    public static ParseResult<RegistryOverrides> parseRegistryOverrides(String value) {
        List<String> warnings = new ArrayList<>();
        Map<String, String> map = new LinkedHashMap<>();
        for (String[] kv : pieces(value, warnings)) {
            String previous = map.put(kv[0], kv[1]);
            if (previous != null && !previous.equals(kv[1])) {
                warnings.add("source \"" + kv[0] + "\" given twice: \"" + kv[0] + "=" + previous + "\" replaced by \""
                        + kv[0] + "=" + kv[1] + "\"");
            }
        }
        return new ParseResult<>(RegistryOverrides.of(map), warnings);
    }

    /** Several flag values (a repeated flag), parsed in order into one RO map. */
    public static ParseResult<RegistryOverrides> parseRegistryOverrides(List<String> values) {
        return parseRegistryOverrides(String.join(",", values));
    }

    /** The {@code [key, value]} pairs of an override string, in order; skipped pieces become warnings. */
    static List<String[]> pieces(String value, List<String> warnings) {
        List<String[]> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        String v = value.strip();
        if (v.isEmpty() || v.equals(EMPTY)) {
            return out;
        }
        String[] split = v.split(",", -1);
        List<Integer> empty = new ArrayList<>();
        for (int i = 0; i < split.length; i++) {
            String piece = split[i].strip();
            String where = "piece " + (i + 1) + " \"" + piece + "\"";
            if (piece.isEmpty()) {
                empty.add(i + 1);
                continue;
            }
            int eq = piece.indexOf('=');
            if (eq < 0) {
                warnings.add(where + " has no '='; skipped");
                continue;
            }
            String key = piece.substring(0, eq).strip();
            String val = piece.substring(eq + 1).strip();
            if (key.isEmpty()) {
                warnings.add(where + " has an empty source; skipped");
                continue;
            }
            if (val.isEmpty()) {
                warnings.add(where + " has an empty mirror; skipped");
                continue;
            }
            out.add(new String[] {key, val});
        }
        if (!empty.isEmpty()) {
            // one line, however many: a stray comma or two, or two million
            warnings.add(empty.size() == 1 ? "piece " + empty.get(0) + " is empty; skipped"
                    : empty.size() + " empty pieces skipped (pieces " + empty.subList(0, Math.min(5, empty.size()))
                            .stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                            + (empty.size() > 5 ? ", …" : "") + ")");
        }
        return out;
    }
}
