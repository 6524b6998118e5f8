package io.hypershift.ignition.payload;

import io.hypershift.support.dataplane.DataPlaneMirrors;
import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.InvalidPullSecretException;
import io.hypershift.support.releaseinfo.ImageLocator;
import io.hypershift.support.releaseinfo.ImageLookupException;
import io.hypershift.support.releaseinfo.LocatedImage;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseLookupException;
import io.hypershift.support.releaseinfo.ReleaseProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a node's Ignition payload: looks the release up through the translation overrides (the release provider
 * already places component pull specs among their mirrors), then asks the image locator for each component the node
 * needs which candidate actually serves it (live translation: a manifest request per candidate, cached), pins it by
 * digest, and renders {@link NodePayload}.
 */
public final class PayloadGenerator {
    /**
     * The release components a node pulls itself: the machine-config-operator image (first boot), the pod infra
     * image (CRI-O's pause image) and haproxy-router (HyperShift's kube-apiserver-proxy on each node).
     */
    public static final List<String> DEFAULT_NODE_COMPONENTS = List.of("machine-config-operator", "pod", "haproxy-router");

    private static final Logger LOG = LoggerFactory.getLogger(PayloadGenerator.class);

    private final ReleaseProvider releases;
    private final ImageLocator locator;
    private final List<String> nodeComponents;

    public PayloadGenerator(ReleaseProvider releases, ImageLocator locator, List<String> nodeComponents) {
        this.releases = releases;
        this.locator = locator;
        this.nodeComponents = List.copyOf(nodeComponents);
    }

    /**
     * @param releaseImage the release pull spec, as the spec (or the token Secret) names it
     * @param pullSecretJson the {@code .dockerconfigjson} of the pull secret
     * @param pullSecretSource names the pull secret in messages
     */
    public byte[] generate(String releaseImage, byte[] pullSecretJson, String pullSecretSource, DataPlaneMirrors mirrors)
            throws PayloadException {
        DockerConfig pullSecret;
        try {
            pullSecret = DockerConfig.parse(pullSecretJson, pullSecretSource);
        } catch (InvalidPullSecretException e) {
            throw new PayloadException(e.getMessage(), e);
        }
        ReleaseImage release;
        try {
            release = releases.lookup(releaseImage, pullSecret);
        } catch (ReleaseLookupException e) {
            throw new PayloadException("failed to lookup release image: " + e.getMessage(), e);
        }
        Map<String, NodeRelease.Component> components = new LinkedHashMap<>();
        for (String name : nodeComponents) {
            String spec = release.componentImage(name);
            if (spec == null) {
                throw new PayloadException("release " + releaseImage + " (version " + release.version()
                        + ") has no component image \"" + name + "\"");
            }
            try {
                LocatedImage located = locator.locate(spec, pullSecret);
                components.put(name, new NodeRelease.Component(located.pullSpecByDigest(), located.digest()));
                LOG.debug("component {}: {} is served by {}", name, spec, located.pullSpec());
            } catch (ImageLookupException e) {
                throw new PayloadException("component " + name + ": " + e.getMessage(), e);
            }
        }
        return NodePayload.render(releaseImage, release, components, pullSecretJson, mirrors);
    }
}
