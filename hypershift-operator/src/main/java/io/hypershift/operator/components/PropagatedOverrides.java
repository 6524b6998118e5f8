package io.hypershift.operator.components;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The strings the hypershift-operator puts into a control-plane namespace (SPEC §7). Deterministic: the same
 * overrides give the same bytes, so nothing rolls out needlessly.
 *
 * @param registryOverrides the RO flag value ({@code k=v,...} sorted, {@code =} when empty) for the CPO
 * @param mirrorOverrides {@code OPENSHIFT_IMG_OVERRIDES} for both Deployments (mirror format)
 * @param ignitionOverrides the ignition-server's {@code --registry-overrides} value: mirror overrides, then RO, in
 *     the mirror format
 * @param sources how many sources the mirror overrides hold
 * @param tagOverrides {@code OPENSHIFT_IMG_TAG_OVERRIDES} for both Deployments (mirror format, Beyond HyperShift): the
 *     tag mirrors of the management cluster's ImageTagMirrorSets, or {@code null} when there is none; then the env
 *     var is not written at all, so that the Deployments stay byte-identical to those written without ITMS support
 */
public record PropagatedOverrides(String registryOverrides, String mirrorOverrides, String ignitionOverrides, int sources,
        String tagOverrides) {

    /** Without tag mirrors. */
    public PropagatedOverrides(String registryOverrides, String mirrorOverrides, String ignitionOverrides, int sources) {
        this(registryOverrides, mirrorOverrides, ignitionOverrides, sources, null);
    }

    public static PropagatedOverrides of(MirrorOverrides mirrors, RegistryOverrides ro) {
        return of(mirrors, MirrorOverrides.empty(), ro);
    }

    /** @param tagMirrors the ImageTagMirrorSets' mirrors; empty gives no {@code OPENSHIFT_IMG_TAG_OVERRIDES} */
    public static PropagatedOverrides of(MirrorOverrides mirrors, MirrorOverrides tagMirrors, RegistryOverrides ro) {
        return new PropagatedOverrides(ro.format(), mirrors.format(), mirrors.withRegistryOverrides(ro).format(),
                mirrors.size(), tagMirrors.isEmpty() ? null : tagMirrors.format());
    }

    /** Whether {@code OPENSHIFT_IMG_TAG_OVERRIDES} is written (only when an ImageTagMirrorSet has mirrors). */
    public boolean hasTagOverrides() {
        return tagOverrides != null;
    }

    /**
     * The env of both Deployments that carries overrides: {@code OPENSHIFT_IMG_OVERRIDES}, then
     * {@code OPENSHIFT_IMG_TAG_OVERRIDES} only when there are tag mirrors.
     */
    public List<EnvVar> env() {
        List<EnvVar> out = new ArrayList<>();
        out.add(Pods.env(ControlPlaneContract.ENV_IMG_OVERRIDES, mirrorOverrides));
        if (hasTagOverrides()) {
            out.add(Pods.env(ControlPlaneContract.ENV_IMG_TAG_OVERRIDES, tagOverrides));
        }
        return out;
    }

    /** The CPO's single argument {@code --registry-overrides=<RO>}. */
    public String controlPlaneOperatorArg() {
        return ControlPlaneContract.FLAG_REGISTRY_OVERRIDES + "=" + registryOverrides;
    }

    /** The env entry as the kernel sees it, {@code OPENSHIFT_IMG_OVERRIDES=<mirrors>}. */
    public String envEntry() {
        return ControlPlaneContract.ENV_IMG_OVERRIDES + "=" + mirrorOverrides;
    }

    /** Bytes of the mirror-override string (the {@code hypershift_registry_overrides_bytes} gauge). */
    public int mirrorOverridesBytes() {
        return mirrorOverrides.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Each string that a pod could not exec with: Linux refuses an argument or env entry of
     * {@link ControlPlaneContract#MAX_ARG_STRLEN} bytes or more (counting its terminating NUL). Empty when all fit.
     */
    public List<String> oversized() {
        List<String> out = new ArrayList<>();
        check(out, "control-plane-operator argument " + ControlPlaneContract.FLAG_REGISTRY_OVERRIDES, controlPlaneOperatorArg());
        check(out, "env " + ControlPlaneContract.ENV_IMG_OVERRIDES, envEntry());
        check(out, "ignition-server argument " + ControlPlaneContract.FLAG_REGISTRY_OVERRIDES, ignitionOverrides);
        if (hasTagOverrides()) {
            check(out, "env " + ControlPlaneContract.ENV_IMG_TAG_OVERRIDES,
                    ControlPlaneContract.ENV_IMG_TAG_OVERRIDES + "=" + tagOverrides);
        }
        return out;
    }

    private static void check(List<String> out, String what, String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes + 1 > ControlPlaneContract.MAX_ARG_STRLEN) {
            out.add(what + " is " + bytes + " bytes (the limit is " + (ControlPlaneContract.MAX_ARG_STRLEN - 1) + ")");
        }
    }
}
