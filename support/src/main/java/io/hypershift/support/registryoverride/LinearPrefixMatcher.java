package io.hypershift.support.registryoverride;

import io.hypershift.support.imageref.SourcePattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The same matching rules as {@link PrefixMatcher}, by scanning every source. It exists as an oracle for tests and
 * as the baseline of the benchmark; nothing in the runtime uses it.
 */
public final class LinearPrefixMatcher<V> {
    private final List<Map.Entry<String, V>> sources;

    public LinearPrefixMatcher(Map<String, V> sources) {
        this.sources = new ArrayList<>(sources.entrySet());
    }

    public Optional<Match<V>> longest(String image) {
        Match<V> best = null;
        for (Map.Entry<String, V> e : sources) {
            String s = e.getKey();
            int matched = matchedLength(s, image);
            if (matched < 0) {
                continue;
            }
            boolean better = best == null
                    || s.length() > best.source().length()
                    || (s.length() == best.source().length() && SourcePattern.isWildcard(best.source())
                        && !SourcePattern.isWildcard(s));
            if (better) {
                best = new Match<>(s, matched, e.getValue());
            }
        }
        return Optional.ofNullable(best);
    }

    private static int matchedLength(String s, String image) {
        if (SourcePattern.isWildcard(s)) {
            String host = PrefixMatcher.host(image);
            String suffix = s.substring(1);
            return host.length() > suffix.length() && host.endsWith(suffix) ? host.length() : -1;
        }
        if (image.equals(s)) {
            return s.length();
        }
        if (!image.startsWith(s)) {
            return -1;
        }
        char next = image.charAt(s.length());
        if (next == '/' || next == '@' || (next == ':' && s.indexOf('/') >= 0)) {
            return s.length();
        }
        return -1;
    }
}
