package io.hypershift.support.dataplane;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference as the nodes' container runtime parses it (containers/image {@code docker/reference}, the
 * grammar of the distribution project), with its error messages. It is stricter than our own
 * {@link io.hypershift.support.imageref.ImageReference} in the ways that decide whether a node can pull: a name whose
 * first component has no {@code .} or {@code :} (and is not {@code localhost}) lives on {@code docker.io}; a rewritten
 * reference must be <em>canonical</em> (the same string after that normalisation).
 *
 * @param domain the registry host[:port], never empty after normalisation
 * @param path the repository path inside the registry
 * @param tag the tag, or null
 * @param digest the digest, or null
 */
public record DockerReference(String domain, String path, String tag, String digest) {
    public static final String INVALID_FORMAT = "invalid reference format";
    public static final String NOT_CANONICAL = "repository name must be canonical";
    static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String NAME_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + NAME_COMPONENT + "(?:/" + NAME_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern ANCHORED_NAME = Pattern.compile(
            "^(?:(" + DOMAIN + ")/)?(" + NAME_COMPONENT + "(?:/" + NAME_COMPONENT + ")*)$");
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");

    /** A reference the node's runtime refuses, with the runtime's message. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    /** {@code domain/path}, without tag or digest. */
    public String name() {
        return domain + "/" + path;
    }

    public boolean digested() {
        return digest != null;
    }

    @Override
    public String toString() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** A reference as a user writes it: short names are completed with {@code docker.io} (and {@code library/}). */
    public static DockerReference parseNormalized(String s) throws Invalid {
        if (IDENTIFIER.matcher(s).matches()) {
            throw new Invalid("invalid repository name (" + s + "), cannot specify 64-byte hexadecimal strings");
        }
        String domain;
        String remainder;
        int slash = s.indexOf('/');
        if (slash == -1 || (!containsAny(s.substring(0, slash), ".:") && !s.substring(0, slash).equals("localhost"))) {
            domain = DEFAULT_DOMAIN;
            remainder = s;
        } else {
            domain = s.substring(0, slash);
            remainder = s.substring(slash + 1);
        }
        if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') == -1) {
            remainder = "library/" + remainder;
        }
        int colon = remainder.indexOf(':');
        String remoteName = colon > -1 ? remainder.substring(0, colon) : remainder;
        if (!remoteName.toLowerCase(Locale.ROOT).equals(remoteName)) {
            throw new Invalid(INVALID_FORMAT + ": repository name must be lowercase");
        }
        return parse(domain + "/" + remainder);
    }

    /**
     * A reference that must already be in its normalised form, as a rewritten pull source must be: {@code
     * mirror/art-dev/x} fails, because it means {@code docker.io/mirror/art-dev/x}.
     */
    public static DockerReference parseCanonical(String s) throws Invalid {
        DockerReference r = parseNormalized(s);
        if (!r.toString().equals(s)) {
            throw new Invalid(NOT_CANONICAL);
        }
        return r;
    }

    /**
     * An image a node is asked to pull: normalised, {@code :latest} added when there is neither tag nor digest, and
     * refused with both (as the runtime's docker transport does).
     */
    public static DockerReference parseForPull(String s) throws Invalid {
        DockerReference r = parseNormalized(s);
        if (r.tag == null && r.digest == null) {
            return new DockerReference(r.domain, r.path, "latest", null);
        }
        if (r.tag != null && r.digest != null) {
            throw new Invalid("Docker references with both a tag and digest are currently not supported");
        }
        return r;
    }

    private static DockerReference parse(String s) throws Invalid {
        Matcher m = REFERENCE.matcher(s);
        if (!m.matches()) {
            if (s.isEmpty()) {
                throw new Invalid("repository name must have at least one component");
            }
            if (REFERENCE.matcher(s.toLowerCase(Locale.ROOT)).matches()) {
                throw new Invalid("repository name must be lowercase");
            }
            throw new Invalid(INVALID_FORMAT);
        }
        String name = m.group(1);
        if (name.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new Invalid("repository name must not be more than " + NAME_TOTAL_LENGTH_MAX + " characters");
        }
        Matcher n = ANCHORED_NAME.matcher(name);
        if (!n.matches() || n.group(1) == null) {
            throw new Invalid(INVALID_FORMAT);
        }
        String digest = m.group(3);
        if (digest != null) {
            validateDigest(digest);
        }
        return new DockerReference(n.group(1), n.group(2), m.group(2), digest);
    }

    private static void validateDigest(String digest) throws Invalid {
        int colon = digest.indexOf(':');
        String algorithm = digest.substring(0, colon);
        String encoded = digest.substring(colon + 1);
        int length = switch (algorithm) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            case "sha512" -> 128;
            default -> throw new Invalid("unsupported digest algorithm");
        };
        if (encoded.length() != length) {
            throw new Invalid("invalid checksum digest length");
        }
        if (!encoded.matches("[a-f0-9]+")) {
            throw new Invalid("invalid checksum digest format");
        }
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < chars.length(); i++) {
            if (s.indexOf(chars.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
