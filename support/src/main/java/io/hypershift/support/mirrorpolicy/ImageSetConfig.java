package io.hypershift.support.mirrorpolicy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.hypershift.support.manifests.ManifestDocument;
import io.hypershift.support.manifests.ManifestException;
import io.hypershift.support.manifests.Manifests;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The few fields of an oc-mirror ImageSetConfiguration ({@code mirror.openshift.io/v1alpha2}, also read from
 * oc-mirror v2's {@code v2alpha1}, which has the same fields) that lint checks: the release channels, the operator
 * catalogs and the additional images. Every other field is ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageSetConfig(String apiVersion, String kind, Mirror mirror) {
    public static final String KIND = "ImageSetConfiguration";
    public static final Set<String> API_VERSIONS = Set.of("mirror.openshift.io/v1alpha2", "mirror.openshift.io/v2alpha1");

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mirror(Platform platform, List<Operator> operators, List<AdditionalImage> additionalImages) {
        public Mirror {
            operators = operators == null ? List.of() : operators;
            additionalImages = additionalImages == null ? List.of() : additionalImages;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Platform(List<Channel> channels) {
        public Platform {
            channels = channels == null ? List.of() : channels;
        }
    }

    /** A release channel; {@code type} is {@code ocp} (the default) or {@code okd}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Channel(String name, String type) {
        public String typeOrDefault() {
            return type == null || type.isEmpty() ? "ocp" : type;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Operator(String catalog) {}

    /** An image mirrored as it is, by tag or by digest. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AdditionalImage(String name) {}

    public List<Channel> channels() {
        return mirror == null || mirror.platform() == null ? List.of() : mirror.platform().channels();
    }

    public List<Operator> operators() {
        return mirror == null ? List.of() : mirror.operators();
    }

    public List<AdditionalImage> additionalImages() {
        return mirror == null ? List.of() : mirror.additionalImages();
    }

    /** Reads the one ImageSetConfiguration in {@code path}; anything else there is an error. */
    public static Loaded read(Path path) {
        List<ManifestDocument> docs = Manifests.read(path);
        if (docs.size() != 1) {
            throw new ManifestException(path + ": want one ImageSetConfiguration, found " + docs.size() + " documents");
        }
        ManifestDocument d = docs.get(0);
        if (!KIND.equals(d.kind())) {
            throw new ManifestException(d.origin() + ": kind: " + d.kind() + " is not an " + KIND);
        }
        if (!API_VERSIONS.contains(d.apiVersion())) {
            throw new ManifestException(d.origin() + ": apiVersion: " + d.apiVersion() + " is not read for " + KIND
                    + " (want mirror.openshift.io/v1alpha2 or mirror.openshift.io/v2alpha1)");
        }
        return new Loaded(d.origin() + ": " + KIND, d.as(ImageSetConfig.class));
    }

    /** A configuration and where it came from ({@code file: document 1: ImageSetConfiguration}). */
    public record Loaded(String origin, ImageSetConfig config) {}
}
