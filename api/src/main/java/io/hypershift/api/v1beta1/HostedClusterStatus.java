package io.hypershift.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Status of a HostedCluster: {@code metav1.Condition}s and the release version. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class HostedClusterStatus {
    private List<Condition> conditions = new ArrayList<>();
    private ClusterVersionStatus version;

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
    }

    public ClusterVersionStatus getVersion() {
        return version;
    }

    public void setVersion(ClusterVersionStatus version) {
        this.version = version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostedClusterStatus that
                && Objects.equals(conditions, that.conditions)
                && Objects.equals(version, that.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conditions, version);
    }
}
