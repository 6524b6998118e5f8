package io.hypershift.support.registryoverride;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * RO: operator-level registry overrides, {@code source → one target}, from {@code --registry-overrides}. Immutable,
 * sources sorted. {@link #rewrite(String)} replaces the longest matching source (SPEC §5).
 */
public final class RegistryOverrides {
    private static final RegistryOverrides EMPTY = new RegistryOverrides(new TreeMap<>());

    private final Map<String, String> targets;
    private final PrefixMatcher<String> matcher;

    private RegistryOverrides(TreeMap<String, String> targets) {
        this.targets = Collections.unmodifiableMap(targets);
        this.matcher = PrefixMatcher.of(this.targets);
    }

    public static RegistryOverrides empty() {
        return EMPTY;
    }

    /** From source → target; empty keys or values are skipped. */
    public static RegistryOverrides of(Map<String, String> map) {
        TreeMap<String, String> t = new TreeMap<>();
        map.forEach((k, v) -> {
            if (k != null && !k.isEmpty() && v != null && !v.isEmpty()) {
                t.put(k, v);
            }
        });
        return t.isEmpty() ? EMPTY : new RegistryOverrides(t);
    }

    public Map<String, String> asMap() {
        return targets;
    }

    public boolean isEmpty() {
        return targets.isEmpty();
    }

    /** The longest source matching {@code image}, with its target. */
    public Optional<Match<String>> match(String image) {
        return matcher.longest(image);
    }

    /** {@code image} with its longest matching source replaced by the target, or unchanged when none matches. */
    public String rewrite(String image) {
        return matcher.longest(image).map(m -> m.rewrite(image, m.value())).orElse(image);
    }

    /** The RO flag value (SPEC §4). */
    public String format() {
        return OverrideCodec.formatRegistryOverrides(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryOverrides that && targets.equals(that.targets);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(targets);
    }

    @Override
    public String toString() {
        return "RegistryOverrides" + targets;
    }
}
