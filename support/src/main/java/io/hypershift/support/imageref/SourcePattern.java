package io.hypershift.support.imageref;

import java.util.regex.Pattern;

/**
 * Validation of the two kinds of names a mirror rule holds.
 *
 * <ul>
 *   <li>A <em>source</em> is a registry ({@code quay.io}, {@code localhost:5000}), a namespace or repository under
 *       it, a full reference with a tag or digest, or a wildcard host {@code *.example.com} as in
 *       containers-registries.conf(5).</li>
 *   <li>A <em>mirror</em> is a registry, namespace or repository: no wildcard, tag or digest.</li>
 * </ul>
 */
public final class SourcePattern {
    private static final Pattern WILDCARD = Pattern.compile(
            "\\*(?:\\." + ImageReference.DOMAIN_COMPONENT + ")+");

    private SourcePattern() {}

    /** Whether the source is a wildcard host such as {@code *.example.com}. */
    public static boolean isWildcard(String source) {
        return source.startsWith("*.");
    }

    /** Throws {@link InvalidReferenceException} when {@code source} is neither a valid reference prefix nor a wildcard. */
    public static void validateSource(String source) {
        if (source == null || source.isEmpty()) {
            throw new InvalidReferenceException(String.valueOf(source), "empty source");
        }
        if (source.indexOf('*') >= 0) {
            if (!WILDCARD.matcher(source).matches()) {
                throw new InvalidReferenceException(source,
                        "a wildcard is allowed only as a whole leading host label, as in *.example.com (no path, no port)");
            }
            return;
        }
        if (isBareHost(source)) {
            return;
        }
        ImageReference.parse(source);
    }

    /** {@link #validateSource} when {@code source} is true, else {@link #validateMirror}. */
    public static void validate(String value, boolean source) {
        if (source) {
            validateSource(value);
        } else {
            validateMirror(value);
        }
    }

    /** Throws {@link InvalidReferenceException} when {@code mirror} is not a registry, namespace or repository. */
    public static void validateMirror(String mirror) {
        if (mirror == null || mirror.isEmpty()) {
            throw new InvalidReferenceException(String.valueOf(mirror), "empty mirror");
        }
        if (mirror.indexOf('*') >= 0) {
            throw new InvalidReferenceException(mirror, "a mirror cannot be a wildcard");
        }
        if (isBareHost(mirror)) {
            return;
        }
        ImageReference ref = ImageReference.parse(mirror);
        if (ref.digest() != null || ref.tag() != null) {
            throw new InvalidReferenceException(mirror, "a mirror is a registry, namespace or repository, without a tag or digest");
        }
    }

    /** Whether {@code s} is a registry host alone ({@code quay.io}, {@code localhost:5000}): no path, no wildcard. */
    public static boolean isBareHost(String s) {
        return s.indexOf('/') < 0 && ImageReference.isRegistry(s) && ImageReference.DOMAIN.matcher(s).matches()
                && ImageReference.validPort(s);
    }
}
