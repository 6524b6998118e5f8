package io.hypershift.operator.controllers.hostedcluster;

import io.hypershift.api.Conditions;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseLookupException;
import io.hypershift.support.releaseinfo.ReleaseProvider;

/**
 * The {@code ValidReleaseImage} outcome (SPEC §10): the release, or a reason and a message that starts with
 * {@value Conditions#RELEASE_LOOKUP_MESSAGE_PREFIX}.
 */
public record ReleaseCheck(ReleaseImage release, String reason, String message, boolean pullSecretProblem) {

    ReleaseCheck(ReleaseImage release, String reason, String message) {
        this(release, reason, message, false);
    }

    public static ReleaseCheck of(String image, PullSecretResult pullSecret, ReleaseProvider provider) {
        try {
            ImageReference.parse(image);
        } catch (InvalidReferenceException e) {
            // the user's input, not a registry: name the field (checked first, it needs no pull secret)
            return new ReleaseCheck(null, Conditions.INVALID_IMAGE,
                    Conditions.RELEASE_LOOKUP_MESSAGE_PREFIX + "spec.release.image: " + e.getMessage());
        }
        if (!pullSecret.ok()) {
            return new ReleaseCheck(null, pullSecret.reason(), Conditions.RELEASE_LOOKUP_MESSAGE_PREFIX + pullSecret.message(),
                    true);
        }
        try {
            ReleaseImage r = provider.lookup(image, pullSecret.config());
            return new ReleaseCheck(r, Conditions.AS_EXPECTED, "Release image is valid");
        } catch (ReleaseLookupException e) {
            String reason = e.reason() == null || e.reason().isBlank() ? Conditions.INVALID_IMAGE : e.reason();
            return new ReleaseCheck(null, reason, Conditions.RELEASE_LOOKUP_MESSAGE_PREFIX + e.getMessage());
        }
    }

    public boolean valid() {
        return release != null;
    }

    /**
     * Whether the control plane must not be rolled out, as in HyperShift: an invalid release blocks; a pull secret
     * that is missing or unreadable does not (the rest is reconciled, degraded, and the copy waits for the secret).
     */
    public boolean blocksRollout() {
        return release == null && !pullSecretProblem;
    }
}
