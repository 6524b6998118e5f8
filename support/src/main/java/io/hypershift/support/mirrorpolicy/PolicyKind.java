package io.hypershift.support.mirrorpolicy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;

/** The three kinds of mirror policy, with the names of their entry lists. */
public enum PolicyKind {
    ICSP("ImageContentSourcePolicy", "operator.openshift.io/v1alpha1", "repositoryDigestMirrors", true),
    IDMS("ImageDigestMirrorSet", "config.openshift.io/v1", "imageDigestMirrors", true),
    ITMS("ImageTagMirrorSet", "config.openshift.io/v1", "imageTagMirrors", false);

    private final String kind;
    private final String apiVersion;
    private final String entriesField;
    private final boolean digest;

    PolicyKind(String kind, String apiVersion, String entriesField, boolean digest) {
        this.kind = kind;
        this.apiVersion = apiVersion;
        this.entriesField = entriesField;
        this.digest = digest;
    }

    public String kind() {
        return kind;
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** {@code spec.<entriesField>}: the list of source/mirrors entries. */
    public String entriesField() {
        return entriesField;
    }

    /** Whether the mirrors serve pulls by digest (ICSP, IDMS) rather than by tag (ITMS). */
    public boolean isDigest() {
        return digest;
    }

    /** Whether the API validates sources against the IDMS/ITMS pattern (no tag, no digest; {@code *.host} allowed). */
    public boolean hasSourcePattern() {
        return this != ICSP;
    }

    public static PolicyKind of(HasMetadata object) {
        if (object instanceof ImageContentSourcePolicy) {
            return ICSP;
        }
        if (object instanceof ImageDigestMirrorSet) {
            return IDMS;
        }
        if (object instanceof ImageTagMirrorSet) {
            return ITMS;
        }
        throw new IllegalArgumentException("not a mirror policy: " + object.getKind());
    }
}
