package io.hypershift.operator.controllers.registryoverrides;

import io.fabric8.kubernetes.api.model.APIResource;
import java.util.List;
import java.util.Optional;

/**
 * Capability detection as HyperShift's {@code management_cluster_capabilities.go} does it (SPEC §2): discover the
 * group/version and look for the resource by {@code name} or {@code singularName}. A group/version that is not found
 * means the capability is absent; any other discovery error is an error.
 */
public final class CapabilityDetector {
    public static final String ICSP_GROUP_VERSION = "operator.openshift.io/v1alpha1";
    public static final String ICSP_RESOURCE = "imagecontentsourcepolicies";
    public static final String IDMS_GROUP_VERSION = "config.openshift.io/v1";
    public static final String IDMS_RESOURCE = "imagedigestmirrorsets";
    /** ImageTagMirrorSets (Beyond HyperShift): the same group/version as IDMS. */
    public static final String ITMS_GROUP_VERSION = "config.openshift.io/v1";
    public static final String ITMS_RESOURCE = "imagetagmirrorsets";

    /** API discovery of one group/version. */
    @FunctionalInterface
    public interface Discovery {
        /**
         * @return the resources served, or empty when the group/version is not found
         * @throws DiscoveryException on any other failure
         */
        Optional<List<APIResource>> resources(String groupVersion);
    }

    /** Discovery failed for another reason than NotFound. */
    public static final class DiscoveryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DiscoveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private CapabilityDetector() {}

    public static Capabilities detect(Discovery discovery) {
        // IDMS and ITMS share a group/version: ask once
        java.util.Map<String, Optional<List<APIResource>>> asked = new java.util.HashMap<>();
        Discovery once = gv -> asked.computeIfAbsent(gv, discovery::resources);
        return new Capabilities(
                serves(once, ICSP_GROUP_VERSION, ICSP_RESOURCE),
                serves(once, IDMS_GROUP_VERSION, IDMS_RESOURCE),
                serves(once, ITMS_GROUP_VERSION, ITMS_RESOURCE));
    }

    static boolean serves(Discovery discovery, String groupVersion, String resource) {
        String singular = resource.substring(0, resource.length() - 1);
        if (resource.endsWith("ies")) {
            singular = resource.substring(0, resource.length() - 3) + "y";
        }
        String s = singular;
        return discovery.resources(groupVersion).orElse(List.of()).stream()
                .anyMatch(r -> resource.equals(r.getName()) || s.equals(r.getSingularName()));
    }
}
