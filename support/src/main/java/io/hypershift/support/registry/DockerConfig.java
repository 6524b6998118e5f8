package io.hypershift.support.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypershift.support.imageref.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A docker {@code config.json} pull secret: registry → credentials, from {@code auths} with either the base64
 * {@code auth} field or {@code username}/{@code password}. Lookups match the registry host (with port), a
 * {@code https://} URL form, a repository-scoped key ({@code quay.io/org}), and docker.io under its aliases.
 *
 * <p>Credentials are never part of {@link #toString()} or of any exception message.
 */
public final class DockerConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DockerConfig EMPTY = new DockerConfig(Map.of());

    /** A username and password for one registry. {@link #toString()} hides the password. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=<redacted>]";
        }

        /** The value of a basic {@code Authorization} header. */
        public String basicAuthorization() {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Credentials> auths;
    /** {@link #fingerprint()}, computed on first use: release lookups key their cache by it on every call. */
    private volatile String fingerprint;

    private DockerConfig(Map<String, Credentials> auths) {
        this.auths = Collections.unmodifiableMap(auths);
    }

    public static DockerConfig empty() {
        return EMPTY;
    }

    /**
     * Parses a {@code config.json} (or {@code .dockercfg}-style map without {@code auths}).
     *
     * @param source names the secret in messages, e.g. {@code Secret clusters/pull-secret key .dockerconfigjson}
     * @throws InvalidPullSecretException naming the source and the registry key, never the credential
     */
    public static DockerConfig parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidPullSecretException(source + ": not valid JSON (a docker config.json is expected)");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPullSecretException(source + ": not a JSON object (a docker config.json is expected)");
        }
        JsonNode auths = root.has("auths") ? root.get("auths") : root;
        if (!auths.isObject()) {
            throw new InvalidPullSecretException(source + ": auths: not an object");
        }
        Map<String, Credentials> out = new LinkedHashMap<>();
        var fields = auths.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            String key = e.getKey();
            JsonNode entry = e.getValue();
            if (!entry.isObject()) {
                throw new InvalidPullSecretException(source + ": auths[\"" + key + "\"]: not an object");
            }
            String user = text(entry, "username");
            String pass = text(entry, "password");
            String auth = text(entry, "auth");
            if (auth != null && !auth.isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException ex) {
                    throw new InvalidPullSecretException(source + ": auths[\"" + key + "\"].auth: not valid base64");
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new InvalidPullSecretException(source + ": auths[\"" + key + "\"].auth: not of the form base64(username:password)");
                }
                user = decoded.substring(0, colon);
                pass = decoded.substring(colon + 1);
            }
            if (user == null || pass == null) {
                // an entry with neither (e.g. only "email") gives no credentials; skip it
                continue;
            }
            out.put(normaliseKey(key), new Credentials(user, pass));
        }
        return new DockerConfig(out);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** {@code https://quay.io/v1/} → {@code quay.io}; {@code quay.io/org} stays; docker.io aliases → docker.io. */
    static String normaliseKey(String key) {
        String k = key.strip();
        if (k.startsWith("https://")) {
            k = k.substring("https://".length());
        } else if (k.startsWith("http://")) {
            k = k.substring("http://".length());
        }
        while (k.endsWith("/")) {
            k = k.substring(0, k.length() - 1);
        }
        if (k.endsWith("/v1") || k.endsWith("/v2")) {
            k = k.substring(0, k.length() - 3);
        }
        int slash = k.indexOf('/');
        String host = slash < 0 ? k : k.substring(0, slash);
        if (ImageReference.isDockerHub(host)) {
            k = ImageReference.DEFAULT_REGISTRY + (slash < 0 ? "" : k.substring(slash));
        }
        return k;
    }

    /**
     * Credentials for an image: the longest key that is the registry or a path prefix of the repository
     * ({@code quay.io/org} beats {@code quay.io}).
     */
    public Optional<Credentials> credentialsFor(ImageReference image) {
        String host = normaliseKey(image.registryOrDefault());
        String path = host + "/" + image.repositoryForRegistry();
        String best = null;
        for (String key : auths.keySet()) {
            boolean matches = key.equals(host) || path.equals(key) || path.startsWith(key + "/");
            if (matches && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        return Optional.ofNullable(best).map(auths::get);
    }

    /** Credentials for a registry host ({@code host[:port]}). */
    public Optional<Credentials> credentialsFor(String registryHost) {
        return Optional.ofNullable(auths.get(normaliseKey(registryHost)));
    }

    /** The registries that have credentials (keys only, safe to log). */
    public java.util.Set<String> registries() {
        return auths.keySet();
    }

    public boolean isEmpty() {
        return auths.isEmpty();
    }

    /**
     * A SHA-256 digest of every registry key and its credentials: equal for equal configs, different when any
     * credential differs. For keying caches by who asks; a one-way value, still never to be logged.
     */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = digest();
            fingerprint = f;
        }
        return f;
    }

    private String digest() {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        new java.util.TreeMap<>(auths).forEach((registry, c) -> {
            for (String part : new String[] {registry, c.username(), c.password()}) {
                byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
                sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
        });
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public String toString() {
        return "DockerConfig" + auths.keySet();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DockerConfig that && auths.equals(that.auths);
    }

    @Override
    public int hashCode() {
        return auths.hashCode();
    }
}
