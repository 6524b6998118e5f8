package io.hypershift.cpo.components.catalogs;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.cpo.components.ComponentDeployments;
import io.hypershift.support.catalogs.Catalog;
import io.hypershift.support.catalogs.CatalogImageStream;
import io.hypershift.support.catalogs.CatalogWorkload;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Deployment and Service of one OLM catalog in the control-plane namespace (SPEC §9), shaped as HyperShift's
 * {@code v2/assets/<catalog>-catalog}: a pod running the catalog index image (its own entrypoint,
 * {@code opm serve /configs}) serving gRPC on {@value #GRPC_PORT}, labelled {@code olm.catalogSource=<catalog>}, and a
 * Service named after the catalog that the guest's CatalogSource points at. Pure.
 *
 * <p>When the image follows the {@code catalogs} ImageStream, the Deployment carries OpenShift's image trigger and the
 * pod template the {@code resolve-names} annotation, as in HyperShift; otherwise it runs a digest reference.
 */
public final class CatalogComponents {
    public static final int GRPC_PORT = 50051;
    public static final String CONTAINER = "registry";
    public static final String CATALOG_SOURCE_LABEL = "olm.catalogSource";
    public static final String TRIGGERS_ANNOTATION = "image.openshift.io/triggers";
    public static final String RESOLVE_NAMES_ANNOTATION = "alpha.image.policy.openshift.io/resolve-names";

    private CatalogComponents() {}

    public static Deployment deployment(HostedControlPlane hcp, CatalogWorkload w) {
        Catalog c = w.catalog();
        String name = c.deploymentName();
        Map<String, String> selector = Map.of(CATALOG_SOURCE_LABEL, c.catalogName());
        Map<String, String> podLabels = new TreeMap<>(selector);
        podLabels.put(ComponentDeployments.APP_LABEL, name);
        podLabels.put(ComponentDeployments.COMPONENT_LABEL, name);
        Map<String, String> objectLabels = new TreeMap<>(podLabels);
        objectLabels.put(ControlPlaneContract.MANAGED_BY_LABEL, ControlPlaneContract.CONTROL_PLANE_OPERATOR);
        Map<String, String> annotations = new TreeMap<>();
        Map<String, String> podAnnotations = new TreeMap<>();
        if (w.imageStreamTag()) {
            annotations.put(TRIGGERS_ANNOTATION, "[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\""
                    + CatalogImageStream.NAME + ":" + c.catalogName() + "\"},\"fieldPath\":\"spec.template.spec."
                    + "containers[?(@.name==\\\"" + CONTAINER + "\\\")].image\"}]");
            podAnnotations.put(RESOLVE_NAMES_ANNOTATION, "*");
        }
        Probe readiness = grpcProbe(5, 5, 10, 3);
        Probe liveness = grpcProbe(10, 1, 10, 3);
        Probe startup = new ProbeBuilder(grpcProbe(0, 1, 10, 15)).withInitialDelaySeconds(null).build();
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(hcp.getMetadata().getNamespace())
                    .withLabels(objectLabels)
                    .withAnnotations(annotations)
                    .withOwnerReferences(ComponentDeployments.ownerReference(hcp))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withRevisionHistoryLimit(2)
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations).endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withNodeSelector(Map.of("kubernetes.io/os", "linux"))
                            .withImagePullSecrets(new LocalObjectReference(hcp.pullSecretName()))
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(new ContainerBuilder()
                                .withName(CONTAINER)
                                .withImage(w.image())
                                .withImagePullPolicy("IfNotPresent")
                                .addNewPort().withName("grpc").withContainerPort(GRPC_PORT).withProtocol("TCP").endPort()
                                .withReadinessProbe(readiness)
                                .withLivenessProbe(liveness)
                                .withStartupProbe(startup)
                                .withNewResources()
                                    .withRequests(new TreeMap<>(Map.of("cpu", new Quantity("10m"),
                                            "memory", new Quantity("420Mi"))))
                                .endResources()
                                // opm serve writes its cache next to the catalog, so the root filesystem stays writable
                                .withNewSecurityContext()
                                    .withAllowPrivilegeEscalation(false)
                                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                                .endSecurityContext()
                                .withTerminationMessagePolicy("FallbackToLogsOnError")
                                .build())
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** {@code <catalog>} (e.g. {@code redhat-operators}): gRPC {@value #GRPC_PORT} to the catalog's pods. */
    public static Service service(HostedControlPlane hcp, Catalog c) {
        Map<String, String> labels = new TreeMap<>(Map.of(
                ComponentDeployments.COMPONENT_LABEL, c.deploymentName(),
                ControlPlaneContract.MANAGED_BY_LABEL, ControlPlaneContract.CONTROL_PLANE_OPERATOR));
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(c.catalogName())
                    .withNamespace(hcp.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(ComponentDeployments.ownerReference(hcp))
                .endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(Map.of(CATALOG_SOURCE_LABEL, c.catalogName()))
                    .addNewPort().withName("grpc").withProtocol("TCP").withPort(GRPC_PORT)
                        .withTargetPort(new IntOrString(GRPC_PORT)).endPort()
                .endSpec()
                .build();
    }

    private static Probe grpcProbe(int initialDelay, int timeout, int period, int failureThreshold) {
        return new ProbeBuilder()
                .withNewGrpc().withPort(GRPC_PORT).endGrpc()
                .withInitialDelaySeconds(initialDelay)
                .withTimeoutSeconds(timeout)
                .withPeriodSeconds(period)
                .withSuccessThreshold(1)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
