package io.hypershift.cpo.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrors;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.dataplane.DataPlaneMirrors;
import io.hypershift.support.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageContentSourceConfigMapTest {
    static final List<ImageContentSource> SOURCES = List.of(
            new ImageContentSource("quay.io/openshift-release-dev/ocp-release", List.of("mirror.example.com/ocp/release")),
            new ImageContentSource("quay.io/openshift-release-dev/ocp-v4.0-art-dev",
                    List.of("mirror.example.com/ocp/art-dev", "backup.example.com:5000/ocp/art-dev")),
            new ImageContentSource("registry.redhat.io", List.of()));

    @Test
    void whenThereAreSources_itShouldMatchTheGoldenFixture() {
        DataPlaneMirrors m = DataPlaneMirrors.of(SOURCES, "quay.io/openshift-release-dev/ocp-release");
        ConfigMap cm = ImageContentSourceConfigMap.render(Fixtures.hcp(SOURCES), m).orElseThrow();
        assertThat(cm.getMetadata().getName()).isEqualTo(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP);
        assertThat(cm.getMetadata().getLabels()).containsEntry(Annotations.CORE_IGNITION_CONFIG_LABEL, "true");
        Golden.assertMatches("configmap/ignition-config-40-image-content-source.yaml", Fixtures.SERIALIZATION.asYaml(cm));
        Golden.assertMatches("configmap/idms.yaml", cm.getData().get(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP_KEY));
    }

    @Test
    void whenParsedAsAnIdms_itShouldCarryEverySourceInOrderWithItsPolicy() throws Exception {
        DataPlaneMirrors m = DataPlaneMirrors.of(SOURCES, "quay.io/openshift-release-dev/ocp-release");
        ImageDigestMirrorSet idms = new YAMLMapper().readValue(ImageContentSourceConfigMap.idmsYaml(m), ImageDigestMirrorSet.class);
        assertThat(idms.getMetadata().getName()).isEqualTo("cluster");
        List<ImageDigestMirrors> entries = idms.getSpec().getImageDigestMirrors();
        assertThat(entries).extracting(ImageDigestMirrors::getSource).containsExactly(
                "quay.io/openshift-release-dev/ocp-release", "quay.io/openshift-release-dev/ocp-v4.0-art-dev", "registry.redhat.io");
        assertThat(entries.get(0).getMirrorSourcePolicy()).isEqualTo("NeverContactSource");
        assertThat(entries.get(1).getMirrors()).containsExactly("mirror.example.com/ocp/art-dev", "backup.example.com:5000/ocp/art-dev");
        assertThat(entries.get(1).getMirrorSourcePolicy()).isNull();
    }

    @Test
    void whenThereAreNoValidSources_thereShouldBeNoConfigMap() {
        assertThat(ImageContentSourceConfigMap.render(Fixtures.hcp(List.of()), DataPlaneMirrors.of(List.of(), null))).isEmpty();
        assertThat(ImageContentSourceConfigMap.render(Fixtures.hcp(null),
                DataPlaneMirrors.of(List.of(new ImageContentSource("", List.of("m"))), null))).isEmpty();
    }

    @Test
    void whenTheHostedControlPlaneHasDataPlaneTagMirrors_theConfigShouldHoldTheIdmsThenAnItms() throws Exception {
        DataPlaneMirrors m = DataPlaneMirrors.of(SOURCES, "quay.io/openshift-release-dev/ocp-release",
                "quay.io/openshift-release-dev/ocp-release=tags.example.com/ocp/release");
        ConfigMap cm = ImageContentSourceConfigMap.render(Fixtures.hcp(SOURCES), m).orElseThrow();
        String config = cm.getData().get(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP_KEY);
        String[] docs = config.split("(?m)^---\\n");
        assertThat(docs).hasSize(2);
        assertThat(docs[0]).isEqualTo(ImageContentSourceConfigMap.idmsYaml(DataPlaneMirrors.of(SOURCES,
                "quay.io/openshift-release-dev/ocp-release")));
        io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet itms = new YAMLMapper().readValue(docs[1],
                io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet.class);
        assertThat(itms.getSpec().getImageTagMirrors()).singleElement().satisfies(e -> {
            assertThat(e.getSource()).isEqualTo("quay.io/openshift-release-dev/ocp-release");
            assertThat(e.getMirrors()).containsExactly("tags.example.com/ocp/release");
            assertThat(e.getMirrorSourcePolicy()).isEqualTo("NeverContactSource");
        });
        // only tag mirrors: still a ConfigMap, with the ITMS alone
        assertThat(ImageContentSourceConfigMap.render(Fixtures.hcp(List.of()), DataPlaneMirrors.of(List.of(), null,
                "quay.io/a=m.example.com/a"))).hasValueSatisfying(c -> assertThat(c.getData()
                .get(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP_KEY)).startsWith(
                "apiVersion: config.openshift.io/v1\nkind: ImageTagMirrorSet"));
    }
}
