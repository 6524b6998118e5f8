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

/** The fields of HyperShift's {@code HostedClusterSpec} that the disconnected pipeline uses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class HostedClusterSpec {
    /** At most this many {@code imageContentSources} entries, as in HyperShift. */
    public static final int MAX_IMAGE_CONTENT_SOURCES = 255;

    @Required
    @JsonPropertyDescription("The release image of the hosted cluster's control plane and nodes.")
    private Release release;

    @Required
    @JsonPropertyDescription("A Secret in the HostedCluster's namespace with a docker config.json under .dockerconfigjson.")
    private LocalObjectReference pullSecret;

    @Size(max = MAX_IMAGE_CONTENT_SOURCES)
    @JsonPropertyDescription("Mirrors for the data plane (worker nodes). Copied to the HostedControlPlane on every reconcile.")
    private List<ImageContentSource> imageContentSources;

    @Default("management")
    @ValidationRule(value = "self == oldSelf", message = "OLMCatalogPlacement is immutable")
    @JsonPropertyDescription("Where the OLM catalogs run: management (in the control-plane namespace) or guest.")
    private OLMCatalogPlacement olmCatalogPlacement;

    public Release getRelease() {
        return release;
    }

    public void setRelease(Release release) {
        this.release = release;
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
        return o instanceof HostedClusterSpec that
                && Objects.equals(release, that.release)
                && Objects.equals(pullSecret, that.pullSecret)
                && Objects.equals(imageContentSources, that.imageContentSources)
                && olmCatalogPlacement == that.olmCatalogPlacement;
    }

    @Override
    public int hashCode() {
        return Objects.hash(release, pullSecret, imageContentSources, olmCatalogPlacement);
    }
}
