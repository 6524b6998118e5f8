package io.hypershift.support.registryoverride;

import io.hypershift.api.ControlPlaneContract;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.text.SafeText;
import java.util.Map;

/**
 * Reads {@code OPENSHIFT_IMG_TAG_OVERRIDES} (Beyond HyperShift): the tag mirrors of the management cluster's
 * ImageTagMirrorSets, in the {@code OPENSHIFT_IMG_OVERRIDES} format. Absent, empty or {@code =} means none.
 *
 * <p>Unlike {@code OPENSHIFT_IMG_OVERRIDES}, whose skipped pieces are warnings as in HyperShift, a piece that does not
 * parse is an error: the hypershift-operator writes this variable only from validated entries, so a bad piece means
 * the Deployment was edited by hand, and a control plane that silently dropped a tag mirror would pull that tag from
 * its source (in an air gap: fail later, far from the cause). The binaries exit 2 with this message.
 */
public final class TagOverridesEnv {
    private TagOverridesEnv() {}

    /** @throws UserInputException naming the variable and the first bad piece */
    public static MirrorOverrides parse(Map<String, String> env) {
        String value = env.get(ControlPlaneContract.ENV_IMG_TAG_OVERRIDES);
        ParseResult<MirrorOverrides> parsed = OverrideCodec.parseMirrors(value);
        if (!parsed.warnings().isEmpty()) {
            throw new UserInputException(ControlPlaneContract.ENV_IMG_TAG_OVERRIDES + ": "
                    + SafeText.clean(parsed.warnings().get(0), SafeText.FRAGMENT)
                    + (parsed.warnings().size() > 1 ? " (and " + (parsed.warnings().size() - 1) + " more)" : "")
                    + "; the value must be source=mirror pieces joined by ',' (or '=' for none), as the "
                    + "hypershift-operator writes it");
        }
        return parsed.value();
    }
}
