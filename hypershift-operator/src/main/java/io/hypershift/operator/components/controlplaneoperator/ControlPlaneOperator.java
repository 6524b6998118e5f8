package io.hypershift.operator.components.controlplaneoperator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.ObjectMetadata;
import io.hypershift.operator.components.Pods;
import io.hypershift.operator.components.PropagatedOverrides;
import io.hypershift.operator.components.Rbac;
import io.hypershift.operator.components.registryca.RegistryCaBundle;
import java.util.ArrayList;
import java.util.List;

/**
 * The control-plane-operator: Deployment, ServiceAccount, Role and RoleBinding, all named
 * {@value ControlPlaneContract#CONTROL_PLANE_OPERATOR}. Args and env follow SPEC §7 exactly: the argument
 * {@code --registry-overrides=<RO>} and the env {@code OPENSHIFT_IMG_OVERRIDES=<mirror overrides>}, followed by
 * {@code OPENSHIFT_IMG_TAG_OVERRIDES=<tag mirrors>} only when the management cluster has ImageTagMirrorSets.
 */
public final class ControlPlaneOperator {
    public static final String NAME = ControlPlaneContract.CONTROL_PLANE_OPERATOR;

    /**
     * What the CPO does in its namespace, and nothing more (the operator's ClusterRole must hold all of it to grant
     * it). The e2e scenarios run the CPO as this ServiceAccount where RBAC is enforced.
     */
    public static final List<PolicyRule> RULES = List.of(
            // JOSDK's informer on its primary; the reconciler writes the status only (no finalizer of its own)
            Rbac.rule("hypershift.openshift.io", List.of("hostedcontrolplanes"), List.of("get", "list", "watch")),
            Rbac.rule("hypershift.openshift.io", List.of("hostedcontrolplanes/status"), List.of("update", "patch")),
            // its objects are owned by the HostedControlPlane with blockOwnerDeletion, which OpenShift's
            // OwnerReferencesPermissionEnforcement allows only to who may set the owner's finalizers
            Rbac.rule("hypershift.openshift.io", List.of("hostedcontrolplanes/finalizers"), List.of("update")),
            // component and catalog Deployments, the image-content-source ConfigMap: watched, read, created, updated
            // with the read resourceVersion, and deleted when no longer wanted
            Rbac.rule("apps", List.of("deployments"), List.of("get", "list", "watch", "create", "update", "delete")),
            Rbac.rule("", List.of("configmaps"), List.of("get", "list", "watch", "create", "update", "delete")),
            // the catalog Services (not watched)
            Rbac.rule("", List.of("services"), List.of("get", "create", "update", "delete")),
            // the pull secret, read and watched, never written
            Rbac.rule("", List.of("secrets"), List.of("get", "list", "watch")),
            Rbac.rule("", List.of("events"), List.of("create")),
            // the catalogs ImageStream the hypershift-operator writes, followed where ImageStreams are served
            Rbac.rule("image.openshift.io", List.of("imagestreams"), List.of("get", "list", "watch")));

    private ControlPlaneOperator() {}

    /** @param registryCa whether the operator's registry CAs are in the namespace (then mounted and read) */
    public static Deployment deployment(HostedCluster hc, String image, PropagatedOverrides overrides, boolean registryCa) {
        List<String> args = new ArrayList<>(List.of(ControlPlaneContract.CPO_COMMAND, overrides.controlPlaneOperatorArg()));
        List<VolumeMount> mounts = Pods.baseMounts();
        List<Volume> volumes = Pods.baseVolumes();
        if (registryCa) {
            RegistryCaBundle.addTo(args, mounts, volumes);
        }
        List<EnvVar> env = new ArrayList<>(overrides.env());
        env.add(Pods.podNamespace());
        env.add(Pods.env("LOG_FORMAT", "json"));
        Container container = Pods.container(NAME, image, args, env, "20m", "256Mi")
                .withPorts(Pods.ports())
                .withVolumeMounts(mounts)
                .build();
        return Pods.withPullSecret(Pods.deployment(ObjectMetadata.of(hc, NAME, NAME), NAME, container, volumes));
    }

    public static ServiceAccount serviceAccount(HostedCluster hc) {
        return Rbac.serviceAccount(hc, NAME);
    }

    public static Role role(HostedCluster hc) {
        return Rbac.role(hc, NAME, RULES);
    }

    public static RoleBinding roleBinding(HostedCluster hc) {
        return Rbac.roleBinding(hc, NAME);
    }
}
