package io.hypershift.support.mirrorpolicy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One {@code source}/{@code mirrors} entry of a policy object, with where it is: {@code object} names the file,
 * document and {@code Kind/name}; {@link #field()} is the entry's path inside the object. Mirrors are kept as
 * written, including empty or repeated ones, so that lint can report them.
 */
public record MirrorEntry(PolicyKind kind, String object, int index, String source, List<String> mirrors,
        String sourcePolicy) {

    public static final String NEVER_CONTACT_SOURCE = "NeverContactSource";
    public static final String ALLOW_CONTACTING_SOURCE = "AllowContactingSource";

    public MirrorEntry {
        mirrors = mirrors == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(mirrors));
    }

    /** {@code spec.imageDigestMirrors[3]} and the like. */
    public String field() {
        return "spec." + kind.entriesField() + "[" + index + "]";
    }

    public String mirrorField(int j) {
        return field() + ".mirrors[" + j + "]";
    }

    public boolean neverContactSource() {
        return NEVER_CONTACT_SOURCE.equals(sourcePolicy);
    }

    /** The mirrors that are neither null nor empty, in order. */
    public List<String> presentMirrors() {
        return mirrors.stream().filter(m -> m != null && !m.isEmpty()).toList();
    }
}
