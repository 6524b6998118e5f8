package io.hypershift.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the OLM catalogs of a hosted cluster run. */
public enum OLMCatalogPlacement {
    /** In the control-plane namespace of the management cluster (the default). */
    @JsonProperty("management")
    MANAGEMENT,
    /** In the guest cluster; the control plane runs no catalog workloads. */
    @JsonProperty("guest")
    GUEST
}
