package io.hypershift.e2e;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedClusterSpec;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.api.v1beta1.Release;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The objects the scenarios write, and the reads they check, kept out of the scenario class. */
final class ClusterObjects {
    static final String PULL_SECRET = "pull-secret";

    private ClusterObjects() {}

    /** A {@code kubernetes.io/dockerconfigjson} Secret {@value #PULL_SECRET} holding {@code dockerConfigJson}. */
    static Secret pullSecret(String namespace, String dockerConfigJson) {
        return pullSecret(namespace, PULL_SECRET, dockerConfigJson);
    }

    /** A {@code kubernetes.io/dockerconfigjson} Secret {@code name} holding {@code dockerConfigJson}. */
    static Secret pullSecret(String namespace, String name, String dockerConfigJson) {
        return new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build())
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson",
                        Base64.getEncoder().encodeToString(dockerConfigJson.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    /** A HostedCluster of {@code release} with the pull secret above and data-plane {@code imageContentSources}. */
    static HostedCluster hostedCluster(String namespace, String name, String release, List<ImageContentSource> sources) {
        HostedCluster hc = new HostedCluster();
        hc.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        HostedClusterSpec spec = new HostedClusterSpec();
        spec.setRelease(new Release(release));
        spec.setPullSecret(new LocalObjectReference(PULL_SECRET));
        spec.setImageContentSources(sources);
        hc.setSpec(spec);
        return hc;
    }

    /**
     * Sets (or with {@code null} removes) the never-contact-source annotation of a HostedCluster: a JSON merge patch,
     * so there is no resourceVersion to race with the operator's writes.
     */
    static void setNeverContactSource(KubernetesClient client, String namespace, String name, String value) {
        Map<String, String> annotations = new java.util.HashMap<>();
        annotations.put(io.hypershift.api.Annotations.IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE, value);
        mergePatchHostedCluster(client, namespace, name, Map.of("metadata", Map.of("annotations", annotations)));
    }

    /** A JSON merge patch of a HostedCluster ({@code null} values remove their keys). */
    static void mergePatchHostedCluster(KubernetesClient client, String namespace, String name, Map<String, Object> patch) {
        client.resources(HostedCluster.class).inNamespace(namespace).withName(name).patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                client.getKubernetesSerialization().asJson(patch));
    }

    static Optional<Condition> condition(KubernetesClient client, String namespace, String name, String type) {
        HostedCluster hc = client.resources(HostedCluster.class).inNamespace(namespace).withName(name).get();
        if (hc == null || hc.getStatus() == null) {
            return Optional.empty();
        }
        return hc.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** An IDMS named {@code name} with these entries (source first, then mirrors in priority order). */
    static ImageDigestMirrorSet idms(String name, List<List<String>> entries) {
        ImageDigestMirrorSetBuilder b = new ImageDigestMirrorSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().endSpec();
        for (List<String> e : entries) {
            b.editSpec().addNewImageDigestMirror().withSource(e.get(0)).withMirrors(e.subList(1, e.size()))
                    .endImageDigestMirror().endSpec();
        }
        return b.build();
    }

    /** The entries of an IDMS as {@code [source, mirror...]} lists. */
    static List<List<String>> entries(ImageDigestMirrorSet idms) {
        return idms.getSpec().getImageDigestMirrors().stream()
                .map(m -> Stream.concat(Stream.of(m.getSource()), m.getMirrors().stream()).toList()).toList();
    }

    /** The entries of an ICSP as {@code [source, mirror...]} lists. */
    static List<List<String>> entries(ImageContentSourcePolicy icsp) {
        return icsp.getSpec().getRepositoryDigestMirrors().stream()
                .map(m -> Stream.concat(Stream.of(m.getSource()), m.getMirrors().stream()).toList()).toList();
    }

    /** A Secret's key, decoded. */
    static String secretValue(KubernetesClient client, String namespace, String name, String key) {
        Secret s = client.secrets().inNamespace(namespace).withName(name).get();
        if (s == null || s.getData() == null || !s.getData().containsKey(key)) {
            throw new AssertionError("Secret " + namespace + "/" + name + " has no key " + key);
        }
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }
}
