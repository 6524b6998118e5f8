package io.hypershift.api.v1beta1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A hosted cluster: its control plane runs in the management cluster, in {@link #controlPlaneNamespace()}. */
@Group(HostedCluster.GROUP)
@Version(HostedCluster.VERSION)
@Plural("hostedclusters")
@Singular("hostedcluster")
@ShortNames("hc")
@AdditionalPrinterColumn(name = "Release", jsonPath = ".spec.release.image")
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.version.desired.version")
public class HostedCluster extends CustomResource<HostedClusterSpec, HostedClusterStatus> implements Namespaced {
    public static final String GROUP = "hypershift.openshift.io";
    public static final String VERSION = "v1beta1";

    @Override
    protected HostedClusterSpec initSpec() {
        return new HostedClusterSpec();
    }

    @Override
    protected HostedClusterStatus initStatus() {
        return new HostedClusterStatus();
    }

    /** {@code <namespace>-<name>}, as HyperShift names the control-plane namespace (SPEC §1). */
    public String controlPlaneNamespace() {
        return controlPlaneNamespace(getMetadata().getNamespace(), getMetadata().getName());
    }

    public static String controlPlaneNamespace(String namespace, String name) {
        return namespace + "-" + name;
    }
}
