package io.hypershift.api.v1beta1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.hypershift.api.ControlPlaneContract;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The control plane of a hosted cluster, in its control-plane namespace. The hypershift-operator writes it;
 * the control-plane-operator reconciles it.
 */
@Group(HostedCluster.GROUP)
@Version(HostedCluster.VERSION)
@Plural("hostedcontrolplanes")
@Singular("hostedcontrolplane")
@ShortNames("hcp")
@AdditionalPrinterColumn(name = "Release", jsonPath = ".spec.releaseImage")
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.version")
public class HostedControlPlane extends CustomResource<HostedControlPlaneSpec, HostedControlPlaneStatus>
        implements Namespaced {

    @Override
    protected HostedControlPlaneSpec initSpec() {
        return new HostedControlPlaneSpec();
    }

    @Override
    protected HostedControlPlaneStatus initStatus() {
        return new HostedControlPlaneStatus();
    }

    /** The Secret named by {@code spec.pullSecret}, or the contract's {@code pull-secret} when none is named. */
    public String pullSecretName() {
        HostedControlPlaneSpec spec = getSpec();
        return spec == null || spec.getPullSecret() == null || spec.getPullSecret().getName() == null
                ? ControlPlaneContract.PULL_SECRET_NAME : spec.getPullSecret().getName();
    }
}
