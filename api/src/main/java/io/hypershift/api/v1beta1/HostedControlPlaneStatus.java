package io.hypershift.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Status of a HostedControlPlane, written by the control-plane-operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class HostedControlPlaneStatus {
    private List<Condition> conditions = new ArrayList<>();
    private String version;
    private String releaseImage;

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
    }

    /** The release version the components were rendered from. */
    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    /** The pull spec that served the release (a mirror when the source is unreachable). */
    public String getReleaseImage() {
        return releaseImage;
    }

    public void setReleaseImage(String releaseImage) {
        this.releaseImage = releaseImage;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostedControlPlaneStatus that
                && Objects.equals(conditions, that.conditions)
                && Objects.equals(version, that.version)
                && Objects.equals(releaseImage, that.releaseImage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conditions, version, releaseImage);
    }
}
