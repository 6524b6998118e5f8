package io.hypershift.operator.controllers.hostedcluster;

import io.hypershift.api.Conditions;
import io.hypershift.support.registry.DockerConfig;

/**
 * The HostedCluster's pull secret as read: its bytes and parsed form, or why there is none. Never printed.
 *
 * @param reason {@code null} when found and valid, else a {@code ValidReleaseImage} reason of SPEC §10:
 *     {@code SecretNotFound}, or {@code InvalidImage} for a secret that cannot be read (as in HyperShift, where the
 *     lookup with it fails); the message names the Secret, key and field either way
 * @param unusable whether the secret exists but cannot be read
 */
public record PullSecretResult(byte[] bytes, DockerConfig config, String reason, String message, boolean unusable) {

    public static PullSecretResult found(byte[] bytes, DockerConfig config) {
        return new PullSecretResult(bytes, config, null, null, false);
    }

    public static PullSecretResult notFound(String message) {
        return new PullSecretResult(null, null, Conditions.SECRET_NOT_FOUND, message, false);
    }

    public static PullSecretResult invalid(String message) {
        return new PullSecretResult(null, null, Conditions.INVALID_IMAGE, message, true);
    }

    public boolean ok() {
        return reason == null;
    }

    @Override
    public String toString() {
        return ok() ? "PullSecretResult[found " + config + "]" : "PullSecretResult[" + reason + ": " + message + "]";
    }
}
