package io.hypershift.ignition.server;

import io.hypershift.ignition.payload.PayloadCache;
import io.hypershift.ignition.payload.PayloadGenerator;
import io.micrometer.core.instrument.Timer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/** The payload for an authenticated token: from the cache, or generated and cached, with metrics. */
public final class PayloadService {
    private final PayloadGenerator generator;
    private final PayloadCache cache;
    private final String overrides;
    private final ServerMetrics metrics;

    /** @param overrides the translation overrides in their string form, part of the cache key */
    public PayloadService(PayloadGenerator generator, PayloadCache cache, String overrides, ServerMetrics metrics) {
        this.generator = generator;
        this.cache = cache;
        this.overrides = overrides;
        this.metrics = metrics;
    }

    /**
     * The payload for an authenticated token: cached, joined while another request generates it, or generated on
     * {@code pool}. Never blocks the caller.
     */
    public CompletableFuture<byte[]> payload(TokenStore.TokenMatch token, ControlPlaneSnapshot state, PayloadPool pool) {
        String release = token.releaseImage() != null && !token.releaseImage().isEmpty()
                ? token.releaseImage() : state.releaseImage();
        byte[] pullSecret = state.pullSecret();
        PayloadCache.Key key = new PayloadCache.Key(token.tokenHash(), release, overrides, state.mirrors().sets(),
                state.mirrors().tagSets(),
                sha256(pullSecret));
        return cache.lookup(key, () -> pool.submit(() -> {
            Timer.Sample sample = metrics.startGeneration();
            boolean ok = false;
            try {
                byte[] p = generator.generate(release, pullSecret, state.pullSecretSource(), state.mirrors());
                ok = true;
                return p;
            } finally {
                metrics.generated(sample, ok);
            }
        })).thenApply(r -> {
            metrics.cache(r.hit());
            return r.payload();
        });
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
