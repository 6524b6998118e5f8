package io.hypershift.cpo.components;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.releaseinfo.ReleaseImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the control-plane component Deployments of a HostedControlPlane from its looked-up release (SPEC §7). The
 * release provider has already placed each component pull spec where it can be pulled: on the mirror that served the
 * release ({@code OPENSHIFT_IMG_OVERRIDES}), or rewritten by RO ({@code --registry-overrides}); the containers run
 * those pull specs, and the payload init container runs the release at the pull spec that served it, pinned by digest.
 * Pure and deterministic: the same HostedControlPlane and release give the same objects, so nothing rolls needlessly.
 *
 * <p>{@code imageContentSources} is not an input on purpose: it configures the data plane only (the design note), so
 * a change of it never rolls a control-plane pod.
 */
public final class ComponentDeployments {
    /** Pod-template and Deployment annotation: the release image of the spec the pods were rendered from. */
    public static final String RELEASE_IMAGE_ANNOTATION = "hypershift.openshift.io/release-image";
    /** Label naming the component, on the Deployment and its pods. */
    public static final String COMPONENT_LABEL = "hypershift.openshift.io/control-plane-component";
    public static final String APP_LABEL = "app";
    static final String PAYLOAD_VOLUME = "payload";
    static final String PAYLOAD_PATH = "/var/payload";

    private ComponentDeployments() {}

    /** Thrown when the release lacks a component image; the message names the release and the component. */
    public static final class MissingComponentException extends Exception {
        private static final long serialVersionUID = 1L;

        public MissingComponentException(String message) {
            super(message);
        }
    }

    public static List<Deployment> render(HostedControlPlane hcp, ReleaseImage release) throws MissingComponentException {
        List<Deployment> out = new ArrayList<>();
        for (ComponentSpec c : ComponentSpec.CONTROL_PLANE) {
            out.add(render(hcp, release, c));
        }
        return out;
    }

    /** The pull spec that served the release, pinned by its digest when the lookup gave one. */
    static String payloadImage(ReleaseImage release) {
        String served = release.servedBy() == null ? release.image() : release.servedBy();
        if (release.digest() == null || !release.digest().startsWith("sha256:")) {
            return served;
        }
        return ImageReference.tryParse(served).map(r -> r.withTag(null).withDigest(release.digest()).toString())
                .orElse(served);
    }

    static Deployment render(HostedControlPlane hcp, ReleaseImage release, ComponentSpec c) throws MissingComponentException {
        String source = release.componentImage(c.releaseComponent());
        if (source == null) {
            throw new MissingComponentException("release " + hcp.getSpec().getReleaseImage() + " (version "
                    + release.version() + ") has no component image \"" + c.releaseComponent() + "\" for " + c.name());
        }
        String releaseImage = hcp.getSpec().getReleaseImage();
        Map<String, String> selector = Map.of(APP_LABEL, c.name());
        Map<String, String> labels = new TreeMap<>(selector);
        labels.put(COMPONENT_LABEL, c.name());
        Map<String, String> objectLabels = new TreeMap<>(labels);
        objectLabels.put(ControlPlaneContract.MANAGED_BY_LABEL, ControlPlaneContract.CONTROL_PLANE_OPERATOR);
        Map<String, String> annotations = Map.of(RELEASE_IMAGE_ANNOTATION, releaseImage);
        List<String> args = c.args().stream()
                .map(a -> a.replace(ComponentSpec.RELEASE_IMAGE_PLACEHOLDER, releaseImage)).toList();

        ContainerBuilder main = new ContainerBuilder()
                .withName(c.name())
                .withImage(source)
                .withImagePullPolicy("IfNotPresent")
                .withCommand(c.command())
                .withArgs(args)
                .addNewPort().withName("https").withContainerPort(c.port()).withProtocol("TCP").endPort()
                .withNewResources()
                    .withRequests(new TreeMap<>(Map.of("cpu", new Quantity(c.cpuRequest()),
                            "memory", new Quantity(c.memoryRequest()))))
                .endResources()
                .withSecurityContext(containerSecurity());
        DeploymentBuilder b = new DeploymentBuilder()
                .withNewMetadata()
                    .withName(c.name())
                    .withNamespace(hcp.getMetadata().getNamespace())
                    .withLabels(objectLabels)
                    .withAnnotations(annotations)
                    .withOwnerReferences(ownerReference(hcp))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withRevisionHistoryLimit(2)
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withImagePullSecrets(new LocalObjectReference(hcp.pullSecretName()))
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                        .endSpec()
                    .endTemplate()
                .endSpec();
        if (c.payloadInit()) {
            main.withVolumeMounts(new VolumeMountBuilder().withName(PAYLOAD_VOLUME).withMountPath(PAYLOAD_PATH)
                    .withReadOnly(true).build());
            b.editSpec().editTemplate().editSpec()
                    .addNewInitContainer()
                        .withName("prepare-payload")
                        .withImage(payloadImage(release))
                        .withImagePullPolicy("IfNotPresent")
                        .withCommand("/bin/sh", "-c",
                                "cp -R /manifests " + PAYLOAD_PATH + "/ && cp -R /release-manifests " + PAYLOAD_PATH + "/")
                        .withVolumeMounts(new VolumeMountBuilder().withName(PAYLOAD_VOLUME).withMountPath(PAYLOAD_PATH).build())
                        .withNewResources()
                            .withRequests(new TreeMap<>(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("20Mi"))))
                        .endResources()
                        .withSecurityContext(containerSecurity())
                    .endInitContainer()
                    .addNewVolume().withName(PAYLOAD_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                    .endSpec().endTemplate().endSpec();
        }
        b.editSpec().editTemplate().editSpec().withContainers(main.build()).endSpec().endTemplate().endSpec();
        return b.build();
    }

    static SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    /** The controller reference to the HostedControlPlane, so that its deletion collects what the CPO wrote. */
    public static OwnerReference ownerReference(HostedControlPlane hcp) {
        return new OwnerReferenceBuilder()
                .withApiVersion(HostedCluster.GROUP + "/" + HostedCluster.VERSION)
                .withKind("HostedControlPlane")
                .withName(hcp.getMetadata().getName())
                .withUid(hcp.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
