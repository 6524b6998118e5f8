package io.hypershift.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The fields of HyperShift's {@code HostedControlPlaneSpec} that the disconnected pipeline uses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class HostedControlPlaneSpec {
    @Required
    @JsonPropertyDescription("The release image, as given in the HostedCluster.")
    private String releaseImage;

    @Required
    @JsonPropertyDescription("The copy of the pull secret in the control-plane namespace.")
    private LocalObjectReference pullSecret;

    @Size(max = HostedClusterSpec.MAX_IMAGE_CONTENT_SOURCES)
    @JsonPropertyDescription("Data-plane mirrors, copied from the HostedCluster.")
    private List<ImageContentSource> imageContentSources;

    @Default("management")
    @ValidationRule(value = "self == oldSelf", message = "OLMCatalogPlacement is immutable")
    private OLMCatalogPlacement olmCatalogPlacement;

    public String getReleaseImage() {
        return releaseImage;
    }

    public void setReleaseImage(String releaseImage) {
        this.releaseImage = releaseImage;
    }

    public LocalObjectReference getPullSecret() {
        return pullSecret;
    }

    public void setPullSecret(LocalObjectReference pullSecret) {
        this.pullSecret = pullSecret;
    }

    public List<ImageContentSource> getImageContentSources() {
        return imageContentSources;
    }

    public void setImageContentSources(List<ImageContentSource> imageContentSources) {
        this.imageContentSources = imageContentSources == null ? null : new ArrayList<>(imageContentSources);
    }

    public OLMCatalogPlacement getOlmCatalogPlacement() {
        return olmCatalogPlacement;
    }

    public void setOlmCatalogPlacement(OLMCatalogPlacement olmCatalogPlacement) {
        this.olmCatalogPlacement = olmCatalogPlacement;
    }

    /** The placement, with the API default applied. */
    public OLMCatalogPlacement effectiveOlmCatalogPlacement() {
        return olmCatalogPlacement == null ? OLMCatalogPlacement.MANAGEMENT : olmCatalogPlacement;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostedControlPlaneSpec that
                && Objects.equals(releaseImage, that.releaseImage)
                && Objects.equals(pullSecret, that.pullSecret)
                && Objects.equals(imageContentSources, that.imageContentSources)
                && olmCatalogPlacement == that.olmCatalogPlacement;
    }

    @Override
    public int hashCode() {
        return Objects.hash(releaseImage, pullSecret, imageContentSources, olmCatalogPlacement);
    }
}
