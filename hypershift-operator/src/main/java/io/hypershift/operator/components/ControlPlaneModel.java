package io.hypershift.operator.components;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.controlplaneoperator.ControlPlaneOperator;
import io.hypershift.operator.components.hostedcontrolplane.HostedControlPlaneComponent;
import io.hypershift.operator.components.ignitionserver.IgnitionSecrets;
import io.hypershift.operator.components.ignitionserver.IgnitionServer;
import io.hypershift.operator.components.ignitionserver.SecretMaterial;
import io.hypershift.operator.components.namespace.ControlPlaneNamespace;
import io.hypershift.operator.components.pullsecret.PullSecretCopy;
import io.hypershift.operator.components.registryca.RegistryCaBundle;
import java.time.Instant;
import java.util.List;

/**
 * Renders every object of one control plane from its {@link ControlPlaneInputs}. Pure: new secret material comes
 * from the given {@link SecretMaterial}, time from {@code now}. The reconciler and {@code render} both call it.
 */
public final class ControlPlaneModel {
    private ControlPlaneModel() {}

    public static ControlPlaneObjects render(ControlPlaneInputs in, SecretMaterial material, Instant now) {
        HostedCluster hc = in.hostedCluster();
        PropagatedOverrides overrides = in.overrides();
        String registryCa = in.options().registryCaBundle();
        ComponentImages images = ComponentImages.resolve(in.options(), in.release(), in.registryOverrides());
        List<HasMetadata> rbacAndServices = List.of(
                ControlPlaneOperator.serviceAccount(hc),
                ControlPlaneOperator.role(hc),
                ControlPlaneOperator.roleBinding(hc),
                IgnitionServer.serviceAccount(hc),
                IgnitionServer.role(hc),
                IgnitionServer.roleBinding(hc),
                IgnitionServer.service(hc));
        return new ControlPlaneObjects(
                ControlPlaneNamespace.build(hc),
                in.pullSecret() == null ? null : PullSecretCopy.build(hc, in.pullSecret()),
                registryCa == null ? null : RegistryCaBundle.configMap(hc, registryCa),
                HostedControlPlaneComponent.build(hc),
                rbacAndServices,
                IgnitionSecrets.tokenSecret(hc, in.existingToken(), material),
                IgnitionSecrets.servingCertSecret(hc, in.existingServingCert(), material, now),
                ControlPlaneOperator.deployment(hc, images.controlPlaneOperator(), overrides, registryCa != null),
                IgnitionServer.deployment(hc, images.ignitionServer(), overrides, registryCa != null),
                overrides);
    }
}
