package io.hypershift.cpo.components;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.releaseinfo.ReleaseImage;
import java.util.List;
import java.util.Map;

/** Shared inputs of the CPO model tests. */
public final class Fixtures {
    public static final String NS = "clusters-example";
    public static final String RELEASE = "quay.io/openshift-release-dev/ocp-release@sha256:" + "a".repeat(64);
    public static final String ART = "quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:";
    public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Fixtures() {}

    public static HostedControlPlane hcp(List<ImageContentSource> sources) {
        return hcp(NS, sources);
    }

    public static HostedControlPlane hcp(String namespace, List<ImageContentSource> sources) {
        HostedControlPlane h = new HostedControlPlane();
        h.getMetadata().setName("example");
        h.getMetadata().setNamespace(namespace);
        h.getMetadata().setUid("0b1c2d3e-0000-4000-8000-000000000001");
        h.getSpec().setReleaseImage(RELEASE);
        h.getSpec().setPullSecret(new LocalObjectReference(ControlPlaneContract.PULL_SECRET_NAME));
        h.getSpec().setImageContentSources(sources);
        return h;
    }

    public static ReleaseImage release(String version, String digitForImages) {
        return new ReleaseImage(RELEASE, RELEASE, "sha256:" + "a".repeat(64), version, Map.of(
                "hyperkube", ART + digitForImages.repeat(64),
                "cluster-version-operator", ART + "c".repeat(64),
                "machine-config-operator", ART + "d".repeat(64)), Map.of("io.openshift.release", version));
    }
}
