package io.hypershift.operator.components;

/**
 * What the operator's flags say about the control-plane components.
 *
 * @param controlPlaneOperatorImage {@code --control-plane-operator-image}, or {@code null} for the release's
 *     {@code hypershift} component
 * @param ignitionServerImage {@code --ignition-server-image}, or {@code null} for the release's
 *     {@code ignition-server} component, else the control-plane-operator image (as HyperShift runs both from it)
 * @param registryCaBundle the PEM text of the operator's {@code --registry-ca-file}, or {@code null}: the
 *     control-plane-operator and the ignition-server look the release up through the same mirrors, so they are given
 *     the same trust (a ConfigMap in the control-plane namespace); without it their Deployments stay as they were
 */
public record ComponentOptions(String controlPlaneOperatorImage, String ignitionServerImage, String registryCaBundle) {
    public static final ComponentOptions FROM_RELEASE = new ComponentOptions(null, null, null);

    public ComponentOptions(String controlPlaneOperatorImage, String ignitionServerImage) {
        this(controlPlaneOperatorImage, ignitionServerImage, null);
    }

    /** The release component HyperShift takes the control-plane-operator image from. */
    public static final String CPO_COMPONENT = "hypershift";
    public static final String IGNITION_COMPONENT = "ignition-server";
}
