package io.hypershift.support.catalogs;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code major.minor} of a release, which names the catalog index tags ({@code v4.17}).
 *
 * @param major the major version
 * @param minor the minor version
 */
public record CatalogVersion(int major, int minor) implements Comparable<CatalogVersion> {
    /**
     * Semantic version as HyperShift parses {@code io.openshift.release} ({@code blang/semver}): {@code X.Y.Z} with an
     * optional pre-release and build ({@code 4.17.0-0.nightly-2024-08-01-000000}, {@code 5.0.0-rc.1+abc}).
     */
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?");

    public CatalogVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("negative version " + major + "." + minor);
        }
    }

    /**
     * The {@code major.minor} of a release version.
     *
     * @throws IllegalArgumentException when {@code version} is not a semantic version
     */
    public static CatalogVersion ofRelease(String version) {
        Matcher m = SEMVER.matcher(version == null ? "" : version.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid OpenShift release version format: \"" + version
                    + "\" (want a semantic version such as 4.17.3)");
        }
        return new CatalogVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The previous minor version, or {@code null} at minor 0 (there is no catalog below {@code vN.0}). */
    public CatalogVersion previousMinor() {
        return minor == 0 ? null : new CatalogVersion(major, minor - 1);
    }

    /** This version, or {@code max} when this one is newer. */
    public CatalogVersion cappedAt(CatalogVersion max) {
        Objects.requireNonNull(max);
        return compareTo(max) > 0 ? max : this;
    }

    /** The index image tag: {@code v4.17}. */
    public String tag() {
        return "v" + major + "." + minor;
    }

    @Override
    public int compareTo(CatalogVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
