package io.hypershift.operator.controllers.hostedcluster;

import io.hypershift.api.Conditions;
import io.hypershift.support.registry.DockerConfig;

/**
 * The HostedCluster's pull secret as read: its bytes and parsed form, or why there is none. Never printed.
 *
 * @param reason {@code null} when found and valid, else a {@code ValidReleaseImage} reason
 */
public record PullSecretResult(byte[] bytes, DockerConfig config, String reason, String message) {

    public static PullSecretResult found(byte[] bytes, DockerConfig config) {
        return new PullSecretResult(bytes, config, null, null);
    }

    public static PullSecretResult notFound(String message) {
        return new PullSecretResult(null, null, Conditions.SECRET_NOT_FOUND, message);
    }

    public static PullSecretResult invalid(String message) {
        return new PullSecretResult(null, null, Conditions.INVALID_PULL_SECRET, message);
    }

    public boolean ok() {
        return reason == null;
    }

    @Override
    public String toString() {
        return ok() ? "PullSecretResult[found " + config + "]" : "PullSecretResult[" + reason + ": " + message + "]";
    }
}
