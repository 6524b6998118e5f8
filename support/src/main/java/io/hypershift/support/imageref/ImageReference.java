package io.hypershift.support.imageref;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A docker image reference: {@code [registry/]repository[:tag][@algorithm:hex]}, following the grammar of
 * {@code distribution/reference}.
 *
 * <p>The first path component is a registry only if it contains a {@code .} or a {@code :}, or is {@code localhost}.
 * Otherwise the whole name is the repository and the registry is implied ({@code docker.io}). The reference is kept
 * as written; {@link #toString()} gives it back unchanged, and {@link #registryOrDefault()} and
 * {@link #repositoryForRegistry()} give the normalised form that a registry client needs.
 */
public final class ImageReference {
    public static final String DEFAULT_REGISTRY = "docker.io";
    /** The registry host that docker.io is served from. */
    public static final String DEFAULT_REGISTRY_HOST = "registry-1.docker.io";
    public static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final Pattern PATH_COMPONENT = Pattern.compile(ALNUM + "(?:" + SEPARATOR + ALNUM + ")*");
    static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[0-9a-fA-F:.]+])(?::[0-9]+)?");
    /** Whether a {@code host[:port]} that matches {@link #DOMAIN} has no port or one in 1-65535. */
    static boolean validPort(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.endsWith("]")) {
            return true;
        }
        String port = hostPort.substring(colon + 1);
        return port.length() <= 5 && !port.startsWith("0") && Integer.parseInt(port) <= 65535;
    }

    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

    private final String registry;
    private final String repository;
    private final String tag;
    private final String digest;

    private ImageReference(String registry, String repository, String tag, String digest) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /** Parses a reference, or throws {@link InvalidReferenceException} saying what is wrong with it. */
    public static ImageReference parse(String input) {
        if (input == null || input.isEmpty()) {
            throw new InvalidReferenceException(String.valueOf(input), "empty reference");
        }
        if (!input.equals(input.strip()) || input.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidReferenceException(input, "contains whitespace");
        }
        String rest = input;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new InvalidReferenceException(input, "invalid digest \"" + digest + "\" (want algorithm:hex, e.g. sha256:<64 hex>)");
            }
            if (digest.startsWith("sha256:") && digest.length() != "sha256:".length() + 64) {
                throw new InvalidReferenceException(input, "a sha256 digest has 64 hex characters");
            }
        }
        String tag = null;
        int lastColon = rest.lastIndexOf(':');
        if (lastColon > rest.lastIndexOf('/')) {
            tag = rest.substring(lastColon + 1);
            rest = rest.substring(0, lastColon);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidReferenceException(input, "invalid tag \"" + tag + "\"");
            }
        }
        if (rest.isEmpty()) {
            throw new InvalidReferenceException(input, "missing repository name");
        }
        if (rest.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException(input, "repository name longer than " + NAME_TOTAL_LENGTH_MAX + " characters");
        }
        String registry = null;
        String repository = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (isRegistry(first)) {
                registry = first;
                repository = rest.substring(slash + 1);
                if (!DOMAIN.matcher(registry).matches()) {
                    throw new InvalidReferenceException(input, "invalid registry host \"" + registry + "\"");
                }
                if (!validPort(registry)) {
                    throw new InvalidReferenceException(input, "invalid registry host \"" + registry
                            + "\": the port is not in 1-65535");
                }
            }
        }
        if (repository.isEmpty()) {
            throw new InvalidReferenceException(input, "missing repository name after the registry");
        }
        for (String component : repository.split("/", -1)) {
            if (component.isEmpty()) {
                throw new InvalidReferenceException(input, "empty path component");
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                String why = component.chars().anyMatch(Character::isUpperCase)
                        ? "repository names must be lowercase"
                        : "path component \"" + component + "\" may hold only [a-z0-9] separated by '.', '_', '__' or '-'";
                throw new InvalidReferenceException(input, why);
            }
        }
        return new ImageReference(registry, repository, tag, digest);
    }

    /** Parses, or returns empty instead of throwing. */
    public static Optional<ImageReference> tryParse(String input) {
        try {
            return Optional.of(parse(input));
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
    }

    /** Whether the first component of a name is a registry host: it has a {@code .} or {@code :}, or is localhost. */
    public static boolean isRegistry(String firstComponent) {
        return firstComponent.indexOf('.') >= 0 || firstComponent.indexOf(':') >= 0 || firstComponent.equals("localhost");
    }

    /** The registry as written, or {@code null} when the reference has none. */
    public String registry() {
        return registry;
    }

    /** The repository path as written (without the registry). */
    public String repository() {
        return repository;
    }

    /** The tag, or {@code null}. */
    public String tag() {
        return tag;
    }

    /** The digest ({@code algorithm:hex}), or {@code null}. */
    public String digest() {
        return digest;
    }

    public boolean hasDigest() {
        return digest != null;
    }

    /** The registry, with {@code docker.io} when none is written. */
    public String registryOrDefault() {
        return registry == null ? DEFAULT_REGISTRY : registry;
    }

    /** The host to contact: docker.io and its aliases map to {@code registry-1.docker.io}. */
    public String registryHost() {
        String r = registryOrDefault();
        return isDockerHub(r) ? DEFAULT_REGISTRY_HOST : r;
    }

    /** The repository as the registry knows it: a single-component docker.io name gets {@code library/}. */
    public String repositoryForRegistry() {
        if (isDockerHub(registryOrDefault()) && repository.indexOf('/') < 0) {
            return "library/" + repository;
        }
        return repository;
    }

    /** The manifest reference to ask the registry for: the digest if there is one, else the tag, else latest. */
    public String manifestReference() {
        if (digest != null) {
            return digest;
        }
        return tag == null ? "latest" : tag;
    }

    /** Whether the host is Docker Hub under any of its names. */
    public static boolean isDockerHub(String host) {
        return host.equals("docker.io") || host.equals("index.docker.io") || host.equals("registry-1.docker.io")
                || host.equals("registry.hub.docker.com");
    }

    /** {@code registry/repository}, or just the repository when no registry is written. */
    public String name() {
        return registry == null ? repository : registry + "/" + repository;
    }

    public ImageReference withDigest(String newDigest) {
        return new ImageReference(registry, repository, tag, newDigest);
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, digest);
    }

    /** The same image, without its tag when it has a digest (the digest alone identifies it). */
    public ImageReference withoutTagIfDigest() {
        return digest == null ? this : new ImageReference(registry, repository, null, digest);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name());
        if (tag != null) {
            sb.append(':').append(tag);
        }
        if (digest != null) {
            sb.append('@').append(digest);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference that
                && Objects.equals(registry, that.registry)
                && repository.equals(that.repository)
                && Objects.equals(tag, that.tag)
                && Objects.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registry, repository, tag, digest);
    }
}
