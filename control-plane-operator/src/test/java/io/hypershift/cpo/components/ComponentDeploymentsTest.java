package io.hypershift.cpo.components;

import static io.hypershift.cpo.components.Fixtures.ART;
import static io.hypershift.cpo.components.Fixtures.RELEASE;
import static io.hypershift.cpo.components.Fixtures.SERIALIZATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.testing.Golden;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentDeploymentsTest {
    /** A release as the provider returns it when a mirror served it: component pull specs placed on that mirror. */
    static ReleaseImage mirrored() {
        String mirror = "mirror.example.com:5000/ocp/ocp-v4.0-art-dev@sha256:";
        return new ReleaseImage(RELEASE, "mirror.example.com:5000/ocp/ocp-release:4.16.0-x86_64", "sha256:" + "a".repeat(64),
                "4.16.0", Map.of("hyperkube", mirror + "b".repeat(64), "cluster-version-operator", mirror + "c".repeat(64)),
                Map.of());
    }

    private static Map<String, String> images(List<Deployment> ds) {
        return ds.stream().collect(java.util.stream.Collectors.toMap(d -> d.getMetadata().getName(),
                d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
    }

    @Test
    void whenRendered_eachDeploymentShouldMatchItsGoldenFixture() throws Exception {
        List<Deployment> ds = ComponentDeployments.render(Fixtures.hcp(List.of()), mirrored());
        assertThat(ds).extracting(d -> d.getMetadata().getName()).containsExactly("kube-apiserver",
                "kube-controller-manager", "kube-scheduler", "cluster-version-operator");
        for (Deployment d : ds) {
            Golden.assertMatches("components/" + d.getMetadata().getName() + ".yaml", SERIALIZATION.asYaml(d));
        }
    }

    @Test
    void whenAMirrorServedTheRelease_podsShouldRunItsPullSpecsAndThePayloadByDigest() throws Exception {
        List<Deployment> ds = ComponentDeployments.render(Fixtures.hcp(List.of()), mirrored());
        assertThat(images(ds)).containsEntry("kube-apiserver", "mirror.example.com:5000/ocp/ocp-v4.0-art-dev@sha256:" + "b".repeat(64))
                .containsEntry("cluster-version-operator", "mirror.example.com:5000/ocp/ocp-v4.0-art-dev@sha256:" + "c".repeat(64));
        Deployment cvo = ds.get(3);
        Container init = cvo.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(init.getImage()).as("the release at the pull spec that served it, pinned by digest")
                .isEqualTo("mirror.example.com:5000/ocp/ocp-release@sha256:" + "a".repeat(64));
        assertThat(cvo.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--release-image=" + RELEASE);
    }

    @Test
    void whenTheSourceServedTheRelease_podImagesShouldBeTheReleasesOwn() throws Exception {
        List<Deployment> ds = ComponentDeployments.render(Fixtures.hcp(List.of()), Fixtures.release("4.16.0", "b"));
        assertThat(images(ds).get("kube-scheduler")).isEqualTo(ART + "b".repeat(64));
        assertThat(ds.get(3).getSpec().getTemplate().getSpec().getInitContainers().get(0).getImage()).isEqualTo(RELEASE);
    }

    @Test
    void whenTheSameInputsAreRenderedAgain_theObjectsShouldBeEqual() throws Exception {
        List<Deployment> a = ComponentDeployments.render(Fixtures.hcp(List.of()), mirrored());
        List<Deployment> b = ComponentDeployments.render(Fixtures.hcp(List.of()), mirrored());
        assertThat(a).isEqualTo(b);
        assertThat(a.stream().map(SERIALIZATION::asYaml).toList()).isEqualTo(b.stream().map(SERIALIZATION::asYaml).toList());
    }

    @Test
    void whenOnlyImageContentSourcesChange_noControlPlaneDeploymentShouldChange() throws Exception {
        List<Deployment> without = ComponentDeployments.render(Fixtures.hcp(List.of()), mirrored());
        List<Deployment> with = ComponentDeployments.render(Fixtures.hcp(List.of(
                new ImageContentSource("quay.io/openshift-release-dev", List.of("dp-mirror.example.com/ocp")))),
                mirrored());
        assertThat(with).isEqualTo(without);
    }

    @Test
    void whenTheReleaseLacksAComponent_itShouldNameTheReleaseAndTheComponent() {
        ReleaseImage partial = new ReleaseImage(RELEASE, RELEASE, "sha256:x", "4.16.0",
                Map.of("hyperkube", ART + "b".repeat(64)), Map.of());
        assertThatThrownBy(() -> ComponentDeployments.render(Fixtures.hcp(List.of()), partial))
                .isInstanceOf(ComponentDeployments.MissingComponentException.class)
                .hasMessage("release " + RELEASE + " (version 4.16.0) has no component image \"cluster-version-operator\""
                        + " for cluster-version-operator");
    }
}
