package io.hypershift.ignition.payload;

import io.hypershift.support.dataplane.DataPlaneMirrors;
import io.hypershift.support.dataplane.RegistriesConf;
import io.hypershift.support.releaseinfo.ReleaseImage;
import java.util.Map;

/** The Ignition payload a node gets: the data-plane mirror config, the pull secret and the translated release. */
public final class NodePayload {
    public static final String REGISTRIES_CONF = "/etc/containers/registries.conf";
    public static final String KUBELET_PULL_SECRET = "/var/lib/kubelet/config.json";
    public static final String RELEASE_JSON = "/etc/hypershift/release.json";

    private NodePayload() {}

    /**
     * @param releaseImage the release image as the spec names it
     * @param release the looked-up release (its version, and the pull spec that served it)
     * @param components the node's components, translated
     * @param pullSecret the {@code .dockerconfigjson} bytes, written as they are
     */
    public static byte[] render(String releaseImage, ReleaseImage release, Map<String, NodeRelease.Component> components,
            byte[] pullSecret, DataPlaneMirrors mirrors) {
        return new IgnitionConfig()
                .file(REGISTRIES_CONF, IgnitionConfig.MODE_0644, RegistriesConf.render(mirrors))
                .file(KUBELET_PULL_SECRET, IgnitionConfig.MODE_0600, pullSecret)
                .file(RELEASE_JSON, IgnitionConfig.MODE_0644,
                        NodeRelease.render(release.version(), releaseImage, release.servedBy(), components))
                .toJson();
    }
}
