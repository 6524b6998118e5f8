package io.hypershift.operator.components.pullsecret;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.ObjectMetadata;
import java.util.Base64;
import java.util.Map;

/**
 * The copy of the HostedCluster's pull secret in the control-plane namespace, {@code kubernetes.io/dockerconfigjson}.
 * The Deployments mount it as a file; its content never reaches args, env, logs or events.
 */
public final class PullSecretCopy {
    public static final String TYPE = "kubernetes.io/dockerconfigjson";

    private PullSecretCopy() {}

    /** @param dockerConfigJson the bytes of the source Secret's {@code .dockerconfigjson}, copied unchanged */
    public static Secret build(HostedCluster hc, byte[] dockerConfigJson) {
        return new SecretBuilder()
                .withMetadata(ObjectMetadata.of(hc, ControlPlaneContract.PULL_SECRET_NAME, null))
                .withType(TYPE)
                .withData(Map.of(ControlPlaneContract.PULL_SECRET_KEY, Base64.getEncoder().encodeToString(dockerConfigJson)))
                .build();
    }
}
