package io.hypershift.operator.controllers.hostedcluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.InvalidPullSecretException;
import java.util.Base64;

/** Reads the pull secret a HostedCluster names, in its own namespace. */
public final class PullSecrets {
    private final java.util.function.BiFunction<String, String, Secret> lookup;

    /** Reads with a GET. */
    public PullSecrets(KubernetesClient client) {
        this((ns, name) -> client.secrets().inNamespace(ns).withName(name).get());
    }

    /** Reads through {@code lookup} (namespace, name → the Secret or null): the operator's informer cache. */
    PullSecrets(java.util.function.BiFunction<String, String, Secret> lookup) {
        this.lookup = lookup;
    }

    public PullSecretResult read(HostedCluster hc) {
        String ns = hc.getMetadata().getNamespace();
        String name = hc.getSpec().getPullSecret() == null ? null : hc.getSpec().getPullSecret().getName();
        if (name == null || name.isBlank()) {
            return PullSecretResult.notFound("spec.pullSecret.name is empty");
        }
        Secret s = lookup.apply(ns, name);
        return parse(s, ns + "/" + name);
    }

    static PullSecretResult parse(Secret s, String where) {
        if (s == null) {
            return PullSecretResult.notFound("pull secret " + where + " not found");
        }
        String key = ControlPlaneContract.PULL_SECRET_KEY;
        String b64 = s.getData() == null ? null : s.getData().get(key);
        if (b64 == null || b64.isBlank()) {
            return PullSecretResult.notFound("pull secret " + where + " has no " + key + " key");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(b64.strip());
        } catch (IllegalArgumentException e) {
            return PullSecretResult.invalid("pull secret " + where + ": " + key + " is not valid base64");
        }
        try {
            return PullSecretResult.found(bytes, DockerConfig.parse(bytes, "Secret " + where + " key " + key));
        } catch (InvalidPullSecretException e) {
            return PullSecretResult.invalid(e.getMessage());
        }
    }
}
