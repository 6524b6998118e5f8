package io.hypershift.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Minimal CRDs for ImageContentSourcePolicy and ImageDigestMirrorSet (cluster-scoped, schema open), so that API
 * discovery finds them on a test API server.
 */
public final class PolicyCrds {
    private PolicyCrds() {}

    public static CustomResourceDefinition icsp() {
        return crd("operator.openshift.io", "v1alpha1", "imagecontentsourcepolicies", "imagecontentsourcepolicy",
                "ImageContentSourcePolicy");
    }

    public static CustomResourceDefinition idms() {
        return crd("config.openshift.io", "v1", "imagedigestmirrorsets", "imagedigestmirrorset", "ImageDigestMirrorSet");
    }

    public static void install(KubernetesClient client, CustomResourceDefinition crd) {
        client.resource(crd).createOr(r -> r.update());
    }

    static CustomResourceDefinition crd(String group, String version, String plural, String singular, String kind) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec()
                .withGroup(group)
                .withScope("Cluster")
                .withNewNames().withPlural(plural).withSingular(singular).withKind(kind).withListKind(kind + "List").endNames()
                .addNewVersion().withName(version).withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema()
                .endVersion()
                .endSpec()
                .build();
    }
}
