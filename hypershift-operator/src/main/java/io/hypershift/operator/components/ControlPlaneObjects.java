package io.hypershift.operator.components;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hypershift.api.v1beta1.HostedControlPlane;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects of one control plane, in the order they are applied: the namespace first, the Deployments last
 * (after everything they mount and run as).
 *
 * @param pullSecret {@code null} when the HostedCluster's pull secret is missing
 * @param registryCa the operator's registry CAs, {@code null} when it has none
 * @param rbacAndServices ServiceAccounts, Roles, RoleBindings and the ignition-server Service
 */
public record ControlPlaneObjects(Namespace namespace, Secret pullSecret, ConfigMap registryCa, HostedControlPlane hostedControlPlane,
        List<HasMetadata> rbacAndServices, Secret ignitionToken, Secret ignitionServingCert,
        Deployment controlPlaneOperator, Deployment ignitionServer, PropagatedOverrides overrides) {

    public List<HasMetadata> deployments() {
        return List.of(controlPlaneOperator, ignitionServer);
    }

    /** Everything except the Deployments, in apply order. */
    public List<HasMetadata> prerequisites() {
        List<HasMetadata> out = new ArrayList<>();
        out.add(namespace);
        if (pullSecret != null) {
            out.add(pullSecret);
        }
        if (registryCa != null) {
            out.add(registryCa);
        }
        out.add(hostedControlPlane);
        out.addAll(rbacAndServices);
        out.add(ignitionToken);
        out.add(ignitionServingCert);
        return out;
    }

    public List<HasMetadata> all() {
        List<HasMetadata> out = prerequisites();
        out.addAll(deployments());
        return out;
    }
}
