package io.hypershift.cpo.controllers.hostedcontrolplane;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.api.Conditions;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.InvalidPullSecretException;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseLookupException;
import io.hypershift.support.releaseinfo.ReleaseProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Base64;

/**
 * Looks up a HostedControlPlane's release through the release provider (mirrors, then RO), with its pull secret.
 * The outcome is a release or a {@code ValidReleaseImage=False} reason and message; a credential never reaches a
 * message. Timed as {@code hypershift_cpo_release_lookup_seconds{outcome}}.
 */
final class ReleaseLookup {
    /** A release, or why there is none; the pull secret it was looked up with, when it could be read. */
    record Outcome(ReleaseImage release, String reason, String message, DockerConfig pullSecret) {
        boolean found() {
            return release != null;
        }

        static Outcome failed(String reason, String message) {
            return failed(reason, message, null);
        }

        static Outcome failed(String reason, String message, DockerConfig pullSecret) {
            return new Outcome(null, reason, Conditions.RELEASE_LOOKUP_MESSAGE_PREFIX + message, pullSecret);
        }
    }

    private final KubernetesClient client;
    private final ReleaseProvider releases;
    private final MeterRegistry registry;

    ReleaseLookup(KubernetesClient client, ReleaseProvider releases, MeterRegistry registry) {
        this.client = client;
        this.releases = releases;
        this.registry = registry;
    }

    Outcome lookup(HostedControlPlane hcp) {
        String ns = hcp.getMetadata().getNamespace();
        String releaseImage = hcp.getSpec().getReleaseImage();
        try {
            ImageReference.parse(releaseImage);
        } catch (InvalidReferenceException e) {
            return Outcome.failed(Conditions.INVALID_IMAGE, "HostedControlPlane " + ns + "/"
                    + hcp.getMetadata().getName() + " spec.releaseImage: " + e.getMessage());
        }
        String name = hcp.pullSecretName();
        String source = "Secret " + ns + "/" + name + " key " + ControlPlaneContract.PULL_SECRET_KEY;
        Secret secret = client.secrets().inNamespace(ns).withName(name).get();
        if (secret == null) {
            return Outcome.failed(Conditions.SECRET_NOT_FOUND, "pull secret " + ns + "/" + name + " not found");
        }
        String data = secret.getData() == null ? null : secret.getData().get(ControlPlaneContract.PULL_SECRET_KEY);
        if (data == null) {
            return Outcome.failed(Conditions.INVALID_PULL_SECRET, source + ": key missing");
        }
        byte[] json;
        try {
            json = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            return Outcome.failed(Conditions.INVALID_PULL_SECRET, source + ": not valid base64");
        }
        DockerConfig pullSecret;
        try {
            pullSecret = DockerConfig.parse(json, source);
        } catch (InvalidPullSecretException e) {
            return Outcome.failed(Conditions.INVALID_PULL_SECRET, e.getMessage());
        }
        Timer.Sample sample = Timer.start(registry);
        String outcome = "failure";
        try {
            ReleaseImage r = releases.lookup(releaseImage, pullSecret);
            outcome = "success";
            return new Outcome(r, Conditions.AS_EXPECTED, null, pullSecret);
        } catch (ReleaseLookupException e) {
            return Outcome.failed(e.reason() == null ? Conditions.INVALID_IMAGE : e.reason(), e.getMessage(), pullSecret);
        } finally {
            sample.stop(Timer.builder("hypershift.cpo.release.lookup")
                    .description("Release lookups through the mirror overrides").tag("outcome", outcome).register(registry));
        }
    }
}
