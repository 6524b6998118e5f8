package io.hypershift.support.registry;

import java.util.Locale;

/**
 * An image platform: {@code os/architecture[/variant]}, e.g. {@code linux/amd64} or {@code linux/arm64/v8}. Picks a
 * manifest out of a manifest list or OCI index.
 */
public record Platform(String os, String architecture, String variant) {
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

    public Platform {
        os = os.toLowerCase(Locale.ROOT);
        architecture = architecture.toLowerCase(Locale.ROOT);
        variant = variant == null || variant.isEmpty() ? null : variant.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code os/arch[/variant]}. */
    public static Platform parse(String s) {
        String[] p = s.split("/", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new IllegalArgumentException("platform \"" + s + "\": want os/architecture[/variant], e.g. linux/amd64");
        }
        return new Platform(p[0], p[1], p.length == 3 ? p[2] : null);
    }

    /**
     * Whether a manifest for {@code other} can serve this platform: same os and architecture, and the same variant
     * when this platform names one ({@code linux/arm64} accepts {@code linux/arm64/v8}).
     */
    public boolean accepts(Platform other) {
        return os.equals(other.os) && architecture.equals(other.architecture)
                && (variant == null || variant.equals(other.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
