package io.hypershift.support.registryoverride;

import io.hypershift.support.imageref.SourcePattern;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Longest boundary-aware prefix match of an image against a set of sources (SPEC §5).
 *
 * <p>Source {@code S} matches image {@code I} when {@code I == S}, or {@code I} starts with {@code S} and the next
 * character is {@code /} or {@code @}, or it is {@code :} and {@code S} contains {@code /} (after a bare host a
 * {@code :} starts a port, not a tag). A wildcard source {@code *.example.com} matches any image whose host ends in
 * {@code .example.com}, and covers that host. The longest source wins; on equal length a plain source beats a
 * wildcard.
 *
 * <p>Lookups do not scan the sources: they probe a hash map once per boundary in the image (and once per label of
 * its host for wildcards), so the cost depends on the image's length, not on how many sources there are.
 */
public final class PrefixMatcher<V> {
    private final Map<String, V> exact;
    private final Map<String, V> wildcards;

    private PrefixMatcher(Map<String, V> exact, Map<String, V> wildcards) {
        this.exact = exact;
        this.wildcards = wildcards;
    }

    /** Builds a matcher over the keys of {@code sources} (values must not be null). Keys starting with {@code *.} are wildcards. */
    public static <V> PrefixMatcher<V> of(Map<String, V> sources) {
        Map<String, V> exact = new HashMap<>();
        Map<String, V> wildcards = new HashMap<>();
        sources.forEach((source, value) -> {
            if (SourcePattern.isWildcard(source)) {
                wildcards.put(source, value);
            } else {
                exact.put(source, value);
            }
        });
        return new PrefixMatcher<>(exact, wildcards);
    }

    public boolean isEmpty() {
        return exact.isEmpty() && wildcards.isEmpty();
    }

    /** The longest source matching {@code image}, if any. */
    public Optional<Match<V>> longest(String image) {
        Match<V> best = exact.isEmpty() ? null : longestExact(image);
        if (!wildcards.isEmpty()) {
            Match<V> wildcard = longestWildcard(image);
            if (wildcard != null && (best == null || wildcard.source().length() > best.source().length())) {
                best = wildcard;
            }
        }
        return Optional.ofNullable(best);
    }

    private Match<V> longestExact(String image) {
        int firstSlash = image.indexOf('/');
        for (int k = image.length(); k > 0; k--) {
            if (k < image.length()) {
                char c = image.charAt(k);
                boolean boundary = c == '/' || c == '@' || (c == ':' && firstSlash >= 0 && firstSlash < k);
                if (!boundary) {
                    continue;
                }
            }
            String candidate = image.substring(0, k);
            V value = exact.get(candidate);
            if (value != null) {
                return new Match<>(candidate, k, value);
            }
        }
        return null;
    }

    private Match<V> longestWildcard(String image) {
        String host = host(image);
        for (int i = 1; i < host.length(); i++) {
            if (host.charAt(i) == '.') {
                String key = "*" + host.substring(i);
                if (wildcards.containsKey(key)) {
                    return new Match<>(key, host.length(), wildcards.get(key));
                }
            }
        }
        return null;
    }

    /** The host part of an image: up to the first {@code /}, or up to a {@code @} when there is no path. */
    static String host(String image) {
        int slash = image.indexOf('/');
        if (slash >= 0) {
            return image.substring(0, slash);
        }
        int at = image.indexOf('@');
        return at >= 0 ? image.substring(0, at) : image;
    }
}
