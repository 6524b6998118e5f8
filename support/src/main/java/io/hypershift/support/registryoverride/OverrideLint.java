package io.hypershift.support.registryoverride;

import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.imageref.SourcePattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Names the entries of parsed override strings that are not valid references. The parsers of SPEC §4 keep them, as
 * HyperShift's do (a string is carried as it is); the tools report them, so a typo in a hand-written string is seen
 * before a pull fails on it. A registry override target is checked like a mirror.
 */
public final class OverrideLint {
    private OverrideLint() {}

    public static List<String> invalidEntries(MirrorOverrides overrides) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : overrides.asMap().entrySet()) {
            check(out, "source", e.getKey(), true);
            for (String mirror : e.getValue()) {
                check(out, "mirror of " + e.getKey(), mirror, false);
            }
        }
        return out;
    }

    public static List<String> invalidEntries(RegistryOverrides overrides) {
        List<String> out = new ArrayList<>();
        overrides.asMap().forEach((source, target) -> {
            check(out, "source", source, true);
            check(out, "target of " + source, target, false);
        });
        return out;
    }

    private static void check(List<String> out, String what, String value, boolean source) {
        try {
            SourcePattern.validate(value, source);
        } catch (InvalidReferenceException ex) {
            out.add(what + " \"" + value + "\": " + ex.getMessage());
        }
    }
}
