package io.hypershift.operator.components;

import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.ReleaseImage;

/**
 * The images of the two Deployments: the flag when given (used as written), else the release component, rewritten
 * with RO (SPEC §7: control-plane pod images are rewritten with RO).
 */
public record ComponentImages(String controlPlaneOperator, String ignitionServer) {

    /** @throws MissingImageException when neither a flag nor the release names the control-plane-operator image */
    public static ComponentImages resolve(ComponentOptions options, ReleaseImage release, RegistryOverrides ro) {
        String cpo = options.controlPlaneOperatorImage();
        if (cpo == null) {
            String fromRelease = release == null ? null : release.componentImage(ComponentOptions.CPO_COMPONENT);
            if (fromRelease == null) {
                throw new MissingImageException("no control-plane-operator image: set --control-plane-operator-image, or use "
                        + "a release whose image-references name a \"" + ComponentOptions.CPO_COMPONENT + "\" component"
                        + (release == null ? " (the release could not be looked up)" : ""));
            }
            cpo = ro.rewrite(fromRelease);
        }
        String ignition = options.ignitionServerImage();
        if (ignition == null) {
            String fromRelease = release == null ? null : release.componentImage(ComponentOptions.IGNITION_COMPONENT);
            ignition = fromRelease == null ? cpo : ro.rewrite(fromRelease);
        }
        return new ComponentImages(cpo, ignition);
    }

    /** The images cannot be determined. */
    public static final class MissingImageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MissingImageException(String message) {
            super(message);
        }
    }
}
