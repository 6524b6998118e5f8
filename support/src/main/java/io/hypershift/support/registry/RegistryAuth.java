package io.hypershift.support.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypershift.support.registry.DockerConfig.Credentials;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry authentication: answers a {@code WWW-Authenticate} challenge with a bearer token from the challenge's realm
 * (with {@code service} and {@code scope}, using the pull secret's credentials if there are any) or with basic auth.
 * Tokens are cached per registry, repository and user until shortly before they expire; registries that asked for
 * basic auth get it up front on later requests. Nothing here logs or throws a credential or a token.
 */
final class RegistryAuth {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryAuth.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TOKEN_RESPONSE = 1 << 20;

    private record TokenKey(String registry, String repository, String user) {}

    private record Token(String value, Instant expires) {}

    private final RegistryHttp http;
    private final Clock clock;
    private final Map<TokenKey, Token> tokens = new ConcurrentHashMap<>();
    /** Registry → the bearer challenge it last sent (realm, service), so later repositories skip the 401 round trip. */
    private final Map<String, AuthChallenge> bearerRealms = new ConcurrentHashMap<>();
    private final Map<String, Boolean> basicRegistries = new ConcurrentHashMap<>();
    /** "registry realmHost" pairs already logged. */
    private final Set<String> crossHostRealms = ConcurrentHashMap.newKeySet();

    RegistryAuth(RegistryHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** The {@code Authorization} header to send up front, if this registry is known to want one. */
    Optional<String> cached(String registry, String repository, Optional<Credentials> creds) throws RegistryException {
        if (basicRegistries.containsKey(registry)) {
            return creds.map(Credentials::basicAuthorization);
        }
        Token t = tokens.get(new TokenKey(registry, repository, user(creds)));
        if (t != null && clock.instant().isBefore(t.expires())) {
            return Optional.of("Bearer " + t.value());
        }
        AuthChallenge known = bearerRealms.get(registry);
        if (known != null) {
            return Optional.of(bearer(registry, repository, known, creds));
        }
        return Optional.empty();
    }

    /**
     * The {@code Authorization} header that answers a 401's challenges.
     *
     * @throws RegistryAuthException when no challenge can be answered (e.g. basic auth without credentials)
     */
    String answer(String registry, String repository, String wwwAuthenticate, Optional<Credentials> creds)
            throws RegistryException {
        List<AuthChallenge> challenges = AuthChallenge.parse(wwwAuthenticate);
        for (AuthChallenge c : challenges) {
            if (c.isBearer() && c.param("realm").isPresent()) {
                bearerRealms.put(registry, c);
                return bearer(registry, repository, c, creds);
            }
        }
        for (AuthChallenge c : challenges) {
            if (c.isBasic()) {
                if (creds.isEmpty()) {
                    throw new RegistryAuthException(registry, repository,
                            "the registry requires a login and the pull secret has no credentials for it");
                }
                basicRegistries.put(registry, Boolean.TRUE);
                return creds.get().basicAuthorization();
            }
        }
        throw new RegistryAuthException(registry, repository, "HTTP 401 with no usable challenge ("
                + (challenges.isEmpty() ? "no WWW-Authenticate header" : "schemes " + challenges.stream()
                        .map(AuthChallenge::scheme).toList()) + ")");
    }

    /** Forgets cached tokens for a repository (after a 401 with a cached token). */
    void invalidate(String registry, String repository, Optional<Credentials> creds) {
        tokens.remove(new TokenKey(registry, repository, user(creds)));
    }

    private String bearer(String registry, String repository, AuthChallenge c, Optional<Credentials> creds)
            throws RegistryException {
        TokenKey key = new TokenKey(registry, repository, user(creds));
        Token cached = tokens.get(key);
        if (cached != null && clock.instant().isBefore(cached.expires())) {
            return "Bearer " + cached.value();
        }
        String realm = c.param("realm").orElseThrow();
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryAuthException(registry, repository, "the token realm is not a URL");
        }
        if (realmUri.getScheme() == null || realmUri.getHost() == null) {
            throw new RegistryAuthException(registry, repository, "the token realm is not an absolute URL");
        }
        checkRealm(registry, repository, realmUri, creds.isPresent());
        StringBuilder q = new StringBuilder();
        c.param("service").ifPresent(s -> q.append("service=").append(enc(s)));
        String scope = "repository:" + repository + ":pull";
        if (q.length() > 0) {
            q.append('&');
        }
        q.append("scope=").append(enc(scope));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + q);
        Map<String, String> headers = creds.map(cr -> Map.of("Authorization", cr.basicAuthorization()))
                .orElse(Map.of());
        try (RegistryHttp.Response r = http.send(registry, repository, "GET", tokenUri, headers)) {
            if (r.status() == 401 || r.status() == 403) {
                throw new RegistryAuthException(registry, repository, "the token service at " + realmUri.getHost()
                        + " rejected " + (creds.isPresent() ? "the pull secret's credentials for " + registry
                                + " (user " + creds.get().username() + ")" : "an anonymous request") + ": HTTP " + r.status());
            }
            if (r.status() != 200) {
                throw new RegistryResponseException(registry, repository, r.status(), "token service "
                        + realmUri.getHost() + " answered HTTP " + r.status());
            }
            JsonNode body;
            try {
                body = JSON.readTree(r.body().readNBytes(MAX_TOKEN_RESPONSE));
            } catch (IOException e) {
                throw new RegistryResponseException(registry, repository, 0, "token service " + realmUri.getHost()
                        + " sent a response that is not JSON");
            }
            String token = text(body, "token").or(() -> text(body, "access_token")).orElseThrow(() ->
                    new RegistryResponseException(registry, repository, 0, "token service " + realmUri.getHost()
                            + " sent no token"));
            if (!token.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
                // the JDK would reject the header with a message that quotes it, token and all
                throw new RegistryResponseException(registry, repository, 0, "token service " + realmUri.getHost()
                        + " sent a token that is not a valid HTTP header value");
            }
            long expiresIn = body.path("expires_in").asLong(60);
            // renew 10% early so a token is never sent just as it expires
            Instant expires = clock.instant().plusSeconds(Math.max(1, expiresIn - expiresIn / 10));
            tokens.put(key, new Token(token, expires));
            return "Bearer " + token;
        }
    }

    /**
     * Credentials go to a token realm over plain HTTP only when the realm's host may use it: the registry's own host
     * when that is marked insecure, or another host that is itself marked insecure. A realm on another host than the
     * registry's is otherwise reached over verified TLS only (the client verifies every host not marked insecure), and
     * logged once at INFO.
     */
    private void checkRealm(String registry, String repository, URI realm, boolean withCredentials)
            throws RegistryAuthException {
        String realmHost = RegistryHttp.hostPort(realm);
        boolean sameHost = realmHost.equalsIgnoreCase(registry);
        if (realm.getScheme().equalsIgnoreCase("http") && withCredentials && !http.isInsecureRegistry(realmHost)) {
            throw new RegistryAuthException(registry, repository, "refusing to send credentials to the plain-HTTP "
                    + "token realm " + realmHost + (sameHost ? " of a registry not marked insecure"
                            : ", another host than the registry's that is not marked insecure itself"));
        }
        if (!sameHost && crossHostRealms.add(registry + " " + realmHost)) {
            LOG.info("registry {} hands out tokens from another host, {} ({}){}", registry, realmHost,
                    realm.getScheme().toLowerCase(java.util.Locale.ROOT),
                    withCredentials ? "; the pull secret's credentials for " + registry + " go there" : "");
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    /** Identifies the credentials in cache keys without holding them: a hash of the whole basic header. */
    private static String user(Optional<Credentials> creds) {
        return creds.map(c -> Digests.sha256(c.basicAuthorization().getBytes(StandardCharsets.UTF_8))).orElse("");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
