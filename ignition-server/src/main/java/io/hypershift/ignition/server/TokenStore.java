package io.hypershift.ignition.server;

import io.fabric8.kubernetes.api.model.Secret;
import io.hypershift.api.ControlPlaneContract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens the server accepts, from the token Secrets in its namespace (key {@code token}, and during a
 * rotation {@code old_token}, as in HyperShift). Only SHA-256 hashes are kept. A presented token is hashed and compared
 * with every accepted hash by {@link MessageDigest#isEqual} without stopping at a match, so the time taken says
 * nothing about which token, or how much of one, matched. Tokens are never logged; a Secret is named by its name only.
 */
public final class TokenStore {
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

    /** A token that authenticated: the Secret it came from, its hash (hex, for cache keys) and its optional release. */
    public record TokenMatch(String secretName, String tokenHash, String releaseImage) {}

    private record Entry(String secretName, byte[] hash, String releaseImage) {}

    private final Map<String, List<Entry>> bySecret = new ConcurrentHashMap<>();
    private final AtomicReference<List<Entry>> entries = new AtomicReference<>(List.of());

    /** Adds or replaces the tokens of a Secret. A Secret without a usable token is logged and holds none. */
    public synchronized void put(Secret secret) {
        String name = secret.getMetadata().getName();
        List<Entry> list = new ArrayList<>();
        String release = text(secret, ControlPlaneContract.IGNITION_TOKEN_RELEASE_KEY);
        String token = text(secret, ControlPlaneContract.IGNITION_TOKEN_KEY);
        if (token == null || token.isEmpty()) {
            LOG.warn("token Secret {} has no \"{}\" key; it authenticates nothing", name,
                    ControlPlaneContract.IGNITION_TOKEN_KEY);
        } else {
            list.add(new Entry(name, sha256(token), release));
        }
        String old = text(secret, ControlPlaneContract.IGNITION_OLD_TOKEN_KEY);
        if (old != null && !old.isEmpty()) {
            list.add(new Entry(name, sha256(old), release));
        }
        List<Entry> previous = bySecret.put(name, list);
        rebuild();
        if (previous == null) {
            LOG.info("token Secret {} added ({} token(s))", name, list.size());
        } else {
            LOG.info("token Secret {} updated ({} token(s))", name, list.size());
        }
    }

    public synchronized void remove(String secretName) {
        if (bySecret.remove(secretName) != null) {
            rebuild();
            LOG.info("token Secret {} removed", secretName);
        }
    }

    /** Replaces everything (an informer resync). */
    public synchronized void replaceAll(List<Secret> secrets) {
        bySecret.clear();
        secrets.forEach(this::put);
    }

    /** How many tokens are accepted now. */
    public int size() {
        return entries.get().size();
    }

    /** The match for a presented token, in time independent of the accepted tokens' contents. */
    public Optional<TokenMatch> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        Entry match = null;
        for (Entry e : entries.get()) {
            if (MessageDigest.isEqual(e.hash(), hash) && match == null) {
                match = e;
            }
        }
        return match == null ? Optional.empty()
                : Optional.of(new TokenMatch(match.secretName(), HexFormat.of().formatHex(match.hash()), match.releaseImage()));
    }

    private void rebuild() {
        List<Entry> all = new ArrayList<>();
        bySecret.values().forEach(all::addAll);
        entries.set(List.copyOf(all));
    }

    private static String text(Secret s, String key) {
        if (s.getData() != null && s.getData().get(key) != null) {
            try {
                return new String(Base64.getDecoder().decode(s.getData().get(key).strip()), StandardCharsets.UTF_8).strip();
            } catch (IllegalArgumentException e) {
                LOG.warn("token Secret {}: key \"{}\" is not valid base64; ignored", s.getMetadata().getName(), key);
                return null;
            }
        }
        if (s.getStringData() != null && s.getStringData().get(key) != null) {
            return s.getStringData().get(key).strip();
        }
        return null;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
