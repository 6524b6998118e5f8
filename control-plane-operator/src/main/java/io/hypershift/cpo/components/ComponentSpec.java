package io.hypershift.cpo.components;

import java.util.List;

/**
 * One control-plane component the CPO renders from the release.
 *
 * @param name the Deployment, container and {@code app} label
 * @param releaseComponent the {@code image-references} tag whose pull spec the container runs
 * @param command the container's command
 * @param args the container's args; {@code {releaseImage}} is replaced by the release image of the spec
 * @param port the container port (named {@code https})
 * @param cpuRequest and {@code memoryRequest}: HyperShift's default requests for the component
 * @param payloadInit whether an init container copies the release payload ({@code /release-manifests}) into the pod,
 *     as HyperShift's cluster-version-operator does; it runs the release image itself
 */
public record ComponentSpec(String name, String releaseComponent, List<String> command, List<String> args, int port,
        String cpuRequest, String memoryRequest, boolean payloadInit) {

    public static final String RELEASE_IMAGE_PLACEHOLDER = "{releaseImage}";

    public ComponentSpec {
        command = List.copyOf(command);
        args = List.copyOf(args);
    }

    /** The components rendered for every HostedControlPlane, in a fixed order. */
    public static final List<ComponentSpec> CONTROL_PLANE = List.of(
            new ComponentSpec("kube-apiserver", "hyperkube", List.of("hyperkube", "kube-apiserver"),
                    List.of("--openshift-config=/etc/kubernetes/config/config.json", "--v=2"), 6443, "350m", "2000Mi", false),
            new ComponentSpec("kube-controller-manager", "hyperkube", List.of("hyperkube", "kube-controller-manager"),
                    List.of("--openshift-config=/etc/kubernetes/config/config.json", "--v=2"), 10257, "60m", "400Mi", false),
            new ComponentSpec("kube-scheduler", "hyperkube", List.of("hyperkube", "kube-scheduler"),
                    List.of("--config=/etc/kubernetes/config/config.json", "--v=2"), 10259, "25m", "150Mi", false),
            new ComponentSpec("cluster-version-operator", "cluster-version-operator", List.of("cluster-version-operator"),
                    List.of("start", "--release-image=" + RELEASE_IMAGE_PLACEHOLDER, "--enable-auto-update=false",
                            "--v=2"), 8443, "20m", "70Mi", true));
}
