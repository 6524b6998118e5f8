package io.hypershift.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code @KubeTest(namespace = CLASS)}: ordered tests share one namespace, context and its objects. */
@KubeTest(namespace = KubeTest.NamespaceScope.CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassScopedNamespaceTest {
    static KubeContext first;

    @Test
    @Order(1)
    void whenTheFirstTestWritesAnObjectItShouldGetTheClassNamespaceAndTheServerStartTime(KubeContext kube) {
        first = kube;
        assertThat(kube.namespace()).startsWith("t-class-scoped-namespace-");
        assertThat(kube.clusterStartup()).isPositive();
        kube.client().resource(new ConfigMapBuilder().withNewMetadata().withName("kept").endMetadata()
                .addToData("k", "v").build()).create();
    }

    @Test
    @Order(2)
    void whenALaterTestRunsItShouldSeeTheSameNamespaceAndItsObjects(KubeContext kube) {
        assertThat(kube).isSameAs(first);
        assertThat(kube.client().configMaps().withName("kept").get().getData()).containsEntry("k", "v");
    }
}
