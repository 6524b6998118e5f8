package io.hypershift.support.dataplane;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's view of {@code /etc/containers/registries.conf}: the rules by which CRI-O, through containers/image
 * ({@code pkg/sysregistriesv2}), turns an image into the pull sources it tries. These are the data plane's rules, not
 * the control plane's ({@link io.hypershift.support.registryoverride.MirrorOverrides}); where they differ, both are
 * shown to the user.
 *
 * <ul>
 *   <li>Loading: trailing {@code /} trimmed from every location; the first {@code [[registry]]} of a prefix wins; the
 *       registries are sorted by prefix. A {@code *.domain} prefix has no location and no {@code / @ :}.</li>
 *   <li>Matching: a prefix matches a name equal to it, or followed by {@code /}, {@code @} or {@code :} &mdash; so a
 *       bare host also matches {@code host:port/...}. {@code *.domain} matches a host ending in {@code .domain} (the
 *       match ends there, and a port may follow). The longest prefix wins, counting the wildcard's own length; of
 *       equal lengths the first in sorted order wins, so a wildcard beats a plain host.</li>
 *   <li>Pull sources: the mirrors, filtered by {@code pull-from-mirror} ({@code digest-only}: digest pulls only;
 *       {@code tag-only}: tag pulls only; {@code all} or unset: both) or by the registry's
 *       {@code mirror-by-digest-only}, then the registry itself. Each is the location plus the rest of the reference
 *       after the matched prefix, and must parse as a canonical reference, or the whole pull fails.</li>
 *   <li>Blocking: each pull source is looked up again by its own name; if the registry that matches it is blocked,
 *       that source is refused. So {@code blocked = true} also refuses mirrors that live under the blocked prefix.</li>
 * </ul>
 */
public final class NodeRegistries {
    public static final String CONFIG_PATH = "/etc/containers/registries.conf";
    public static final String DIGEST_ONLY = "digest-only";
    public static final String TAG_ONLY = "tag-only";
    public static final String ALL = "all";
    private static final TomlMapper TOML = new TomlMapper();

    /** One {@code [[registry.mirror]]}. {@code pullFromMirror} is empty when unset. */
    public record Mirror(String location, String pullFromMirror) {}

    /** One {@code [[registry]]} after loading: {@code prefix} is never empty; {@code location} may be, for a wildcard. */
    public record Registry(String prefix, String location, boolean blocked, boolean mirrorByDigestOnly,
            List<Mirror> mirrors) {
        public Registry {
            mirrors = List.copyOf(mirrors);
        }
    }

    /** A file that containers/image would refuse to load; no image can be pulled on such a node. */
    public static final class InvalidConfig extends RuntimeException {
        public InvalidConfig(String message) {
            super(message);
        }
    }

    private final List<Registry> registries;

    private NodeRegistries(List<Registry> registries) {
        this.registries = List.copyOf(registries);
    }

    /** The registries as containers/image holds them after loading: unique prefixes, sorted. */
    public List<Registry> registries() {
        return registries;
    }

    /** Loads a registries.conf (version 2) as containers/image does. */
    public static NodeRegistries parse(String toml) {
        JsonNode root;
        try {
            root = TOML.readTree(toml);
        } catch (JacksonException e) {
            throw new InvalidConfig("not valid TOML: " + e.getOriginalMessage());
        }
        List<Registry> loaded = new ArrayList<>();
        for (JsonNode r : root.path("registry")) {
            loaded.add(load(r));
        }
        checkConflicts(loaded);
        Map<String, Registry> byPrefix = new LinkedHashMap<>();
        loaded.forEach(r -> byPrefix.putIfAbsent(r.prefix(), r));
        List<Registry> sorted = new ArrayList<>(byPrefix.values());
        sorted.sort(Comparator.comparing(Registry::prefix));
        return new NodeRegistries(sorted);
    }

    private static Registry load(JsonNode r) {
        String location = location(r.path("location").asText(""));
        String prefix = r.path("prefix").asText("");
        if (prefix.isEmpty()) {
            if (location.isEmpty()) {
                throw new InvalidConfig("invalid condition: both location and prefix are unset");
            }
            prefix = location;
        } else {
            prefix = location(prefix);
            if (!prefix.startsWith("*.") && location.isEmpty()) {
                throw new InvalidConfig("invalid condition: location is unset and prefix is not in the format: *.example.com");
            }
        }
        if (!r.path("pull-from-mirror").asText("").isEmpty()) {
            throw new InvalidConfig("pull-from-mirror must not be set for a non-mirror registry \"" + prefix + "\"");
        }
        if (prefix.startsWith("*.") && prefix.chars().anyMatch(c -> c == '/' || c == '@' || c == ':')) {
            throw new InvalidConfig("Wildcarded prefix should be in the format: *.example.com. Current prefix \"" + prefix
                    + "\" is incorrectly formatted");
        }
        boolean byDigestOnly = r.path("mirror-by-digest-only").asBoolean(false);
        List<Mirror> mirrors = new ArrayList<>();
        for (JsonNode m : r.path("mirror")) {
            String mirrorLocation = location(m.path("location").asText(""));
            if (mirrorLocation.isEmpty()) {
                throw new InvalidConfig("invalid condition: mirror location is unset");
            }
            String pull = m.path("pull-from-mirror").asText("");
            if (byDigestOnly && !pull.isEmpty()) {
                throw new InvalidConfig("cannot set mirror usage mirror-by-digest-only for the registry (\"" + prefix
                        + "\") and pull-from-mirror for per-mirror (\"" + mirrorLocation + "\") at the same time");
            }
            if (!pull.isEmpty() && !pull.equals(ALL) && !pull.equals(DIGEST_ONLY) && !pull.equals(TAG_ONLY)) {
                throw new InvalidConfig("unsupported pull-from-mirror value \"" + pull + "\" for mirror \"" + mirrorLocation + "\"");
            }
            mirrors.add(new Mirror(mirrorLocation, pull));
        }
        return new Registry(prefix, location, r.path("blocked").asBoolean(false), byDigestOnly, mirrors);
    }

    private static void checkConflicts(List<Registry> loaded) {
        Map<String, Registry> first = new LinkedHashMap<>();
        for (Registry r : loaded) {
            String key = r.location().isEmpty() ? r.prefix() : r.location();
            Registry other = first.putIfAbsent(key, r);
            if (other != null && other.blocked() != r.blocked()) {
                throw new InvalidConfig("registry '" + r.location() + "' is defined multiple times with conflicting 'blocked' setting");
            }
        }
    }

    private static String location(String input) {
        String trimmed = input.replaceAll("/+$", "");
        if (trimmed.startsWith("http://") || trimmed.startsWith("https://")) {
            throw new InvalidConfig("invalid location '" + input + "': URI schemes are not supported");
        }
        return trimmed;
    }

    /**
     * Where {@code ref} (a name or full reference, starting with a host) stops matching {@code prefix}, or -1 when it
     * does not match.
     */
    static int matchingPrefix(String ref, String prefix) {
        if (prefix.startsWith("*.")) {
            String domain = prefix.substring(1);
            int index = ref.indexOf(domain);
            if (index == -1 || ref.substring(0, index).contains("/")) {
                return -1;
            }
            index += domain.length();
            return index == ref.length() || boundary(ref.charAt(index)) ? index : -1;
        }
        if (!ref.startsWith(prefix)) {
            return -1;
        }
        return ref.length() == prefix.length() || boundary(ref.charAt(prefix.length())) ? prefix.length() : -1;
    }

    private static boolean boundary(char c) {
        return c == ':' || c == '/' || c == '@';
    }

    /** The registry whose prefix matches {@code name} longest; of equal lengths, the first in prefix order. */
    public Optional<Registry> find(String name) {
        Registry best = null;
        for (Registry r : registries) {
            if (matchingPrefix(name, r.prefix()) != -1 && (best == null || r.prefix().length() > best.prefix().length())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** What a node does when asked to pull {@code image}. */
    public NodePull pull(String image) {
        DockerReference ref;
        try {
            ref = DockerReference.parseForPull(image);
        } catch (DockerReference.Invalid e) {
            return NodePull.failed(image, e.getMessage());
        }
        Registry registry = find(ref.name()).orElse(null);
        List<DockerReference> sources = new ArrayList<>();
        if (registry == null) {
            sources.add(ref);
        } else {
            try {
                for (String location : endpoints(registry, ref.digested())) {
                    sources.add(rewrite(ref.toString(), registry.prefix(), location));
                }
            } catch (DockerReference.Invalid e) {
                return NodePull.failed(ref.toString(), "rewriting reference: " + e.getMessage());
            }
        }
        List<NodePull.Attempt> attempts = new ArrayList<>();
        for (DockerReference source : sources) {
            String blockedBy = find(source.name()).filter(Registry::blocked).map(Registry::prefix).orElse(null);
            attempts.add(new NodePull.Attempt(source.toString(), blockedBy));
        }
        return new NodePull(ref.toString(), attempts, null);
    }

    /** The locations tried for a pull, in order: the usable mirrors, then the registry itself. */
    private static List<String> endpoints(Registry registry, boolean digested) {
        List<String> out = new ArrayList<>();
        for (Mirror m : registry.mirrors()) {
            boolean use = registry.mirrorByDigestOnly() ? digested : switch (m.pullFromMirror()) {
                case DIGEST_ONLY -> digested;
                case TAG_ONLY -> !digested;
                default -> true;
            };
            if (use) {
                out.add(m.location());
            }
        }
        out.add(registry.location());
        return out;
    }

    private static DockerReference rewrite(String ref, String prefix, String location) throws DockerReference.Invalid {
        int matched = matchingPrefix(ref, prefix);
        if (matched == -1) {
            throw new DockerReference.Invalid("invalid prefix '" + prefix + "' for reference '" + ref + "'");
        }
        if (location.isEmpty()) {
            return DockerReference.parseNormalized(ref);
        }
        return DockerReference.parseCanonical(location + ref.substring(matched));
    }
}
