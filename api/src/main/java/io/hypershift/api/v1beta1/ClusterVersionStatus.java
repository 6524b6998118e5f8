package io.hypershift.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The release a hosted cluster is on, as HyperShift's {@code ClusterVersionStatus} reports it (desired only). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterVersionStatus {
    @JsonPropertyDescription("The release the control plane is reconciled to.")
    private ReleaseStatus desired;

    @JsonPropertyDescription("The HostedCluster generation this version status was computed for.")
    private Long observedGeneration;

    public ClusterVersionStatus() {}

    public ClusterVersionStatus(ReleaseStatus desired, Long observedGeneration) {
        this.desired = desired;
        this.observedGeneration = observedGeneration;
    }

    public ReleaseStatus getDesired() {
        return desired;
    }

    public void setDesired(ReleaseStatus desired) {
        this.desired = desired;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterVersionStatus that
                && Objects.equals(desired, that.desired)
                && Objects.equals(observedGeneration, that.observedGeneration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(desired, observedGeneration);
    }
}
