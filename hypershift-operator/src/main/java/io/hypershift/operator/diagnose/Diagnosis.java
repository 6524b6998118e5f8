package io.hypershift.operator.diagnose;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.ManagementMirrors;
import io.hypershift.operator.components.PropagatedOverrides;
import io.hypershift.operator.controllers.registryoverrides.Capabilities;
import io.hypershift.operator.controllers.registryoverrides.CapabilityDetector;
import io.hypershift.operator.controllers.registryoverrides.FabricDiscovery;
import io.hypershift.operator.propagation.PropagationCheck;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.manifests.Policies;
import io.hypershift.support.registryoverride.MirrorOverridesBuilder;
import io.hypershift.support.registryoverride.OverrideCodec;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The design note's "Debugging IDMS/ICSP Propagation", automated: reads the management cluster's ICSP and IDMS,
 * computes the strings the operator should have written, and compares them with each control-plane namespace's
 * Deployments ({@link PropagationCheck}). The ImageTagMirrorSets give the expected {@code OPENSHIFT_IMG_TAG_OVERRIDES}
 * (absent without them). Without {@code --registry-overrides}, RO is read back from each
 * control-plane-operator Deployment (so only the mirror part is checked against the cluster).
 */
public final class Diagnosis {
    private Diagnosis() {}

    /** @param tagMirrors the tag mirrors built from the live ImageTagMirrorSets */
    public record Result(MirrorOverridesBuilder.Result mirrors, MirrorOverridesBuilder.Result tagMirrors,
            Capabilities capabilities, List<ClusterReport> reports) {
        public boolean ok() {
            return !reports.isEmpty() && reports.stream().allMatch(ClusterReport::ok);
        }
    }

    public static Result run(KubernetesClient client, String hostedCluster, RegistryOverrides registryOverrides) {
        Capabilities caps = CapabilityDetector.detect(new FabricDiscovery(client));
        List<ImageDigestMirrorSet> idms = caps.imageDigestMirrorSets()
                ? client.resources(ImageDigestMirrorSet.class).list().getItems() : List.of();
        List<ImageContentSourcePolicy> icsp = caps.imageContentSourcePolicies()
                ? client.resources(ImageContentSourcePolicy.class).list().getItems() : List.of();
        Policies policies = Policies.of(idms, icsp);
        if (caps.imageTagMirrorSets()) {
            client.resources(ImageTagMirrorSet.class).list().getItems().forEach(o -> policies.add(o, null));
        }
        MirrorOverridesBuilder.Result mirrors = MirrorOverridesBuilder.build(policies);
        MirrorOverridesBuilder.Result tagMirrors = MirrorOverridesBuilder.buildTagMirrors(policies);
        List<ClusterReport> reports = new ArrayList<>();
        boolean imageStreams = OlmCatalogState.imageStreamsServed(client);
        for (HostedCluster hc : clusters(client, hostedCluster)) {
            String cpns = hc.controlPlaneNamespace();
            Optional<Deployment> cpo = Optional.ofNullable(client.apps().deployments().inNamespace(cpns)
                    .withName(ControlPlaneContract.CONTROL_PLANE_OPERATOR).get());
            Optional<Deployment> ign = Optional.ofNullable(client.apps().deployments().inNamespace(cpns)
                    .withName(ControlPlaneContract.IGNITION_SERVER).get());
            RegistryOverrides ro = registryOverrides != null ? registryOverrides : roFromDeployment(cpo);
            PropagatedOverrides expected = PropagatedOverrides.of(ManagementMirrors.forCluster(hc, mirrors.overrides()),
                    ManagementMirrors.forCluster(hc, tagMirrors.overrides()), ro);
            reports.add(new ClusterReport(hc.getMetadata().getNamespace() + "/" + hc.getMetadata().getName(),
                    PropagationCheck.check(cpo, ign, expected), OlmCatalogState.diagnose(client, hc, imageStreams),
                    ManagementMirrors.ignored(hc)));
        }
        return new Result(mirrors, tagMirrors, caps, reports);
    }

    private static RegistryOverrides roFromDeployment(Optional<Deployment> cpo) {
        String actual = PropagationCheck.check(cpo, Optional.empty(), PropagatedOverrides.of(
                io.hypershift.support.registryoverride.MirrorOverrides.empty(), RegistryOverrides.empty())).get(0).actual();
        return actual == null ? RegistryOverrides.empty() : OverrideCodec.parseRegistryOverrides(actual).value();
    }

    private static List<HostedCluster> clusters(KubernetesClient client, String ref) {
        if (ref == null) {
            return client.resources(HostedCluster.class).inAnyNamespace().list().getItems();
        }
        int slash = ref.indexOf('/');
        if (slash <= 0 || slash == ref.length() - 1) {
            throw new UserInputException("--hosted-cluster: \"" + ref + "\" is not NAMESPACE/NAME");
        }
        HostedCluster hc = client.resources(HostedCluster.class).inNamespace(ref.substring(0, slash))
                .withName(ref.substring(slash + 1)).get();
        if (hc == null) {
            throw new UserInputException("--hosted-cluster: HostedCluster " + ref + " not found");
        }
        return List.of(hc);
    }
}
