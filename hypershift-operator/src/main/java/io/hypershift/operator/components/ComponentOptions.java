package io.hypershift.operator.components;

/**
 * What the operator's flags say about the control-plane components.
 *
 * @param controlPlaneOperatorImage {@code --control-plane-operator-image}, or {@code null} for the release's
 *     {@code hypershift} component
 * @param ignitionServerImage {@code --ignition-server-image}, or {@code null} for the release's
 *     {@code ignition-server} component, else the control-plane-operator image (as HyperShift runs both from it)
 */
public record ComponentOptions(String controlPlaneOperatorImage, String ignitionServerImage) {
    public static final ComponentOptions FROM_RELEASE = new ComponentOptions(null, null);

    /** The release component HyperShift takes the control-plane-operator image from. */
    public static final String CPO_COMPONENT = "hypershift";
    public static final String IGNITION_COMPONENT = "ignition-server";
}
