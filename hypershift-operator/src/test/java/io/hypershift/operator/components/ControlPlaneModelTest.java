package io.hypershift.operator.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.operator.components.ignitionserver.SecretMaterial;
import io.hypershift.operator.output.ObjectOutput;
import io.hypershift.operator.testing.Fixtures;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControlPlaneModelTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static ControlPlaneObjects render(RegistryOverrides ro) {
        return ControlPlaneModel.render(ExampleInputs.inputs(ro), SecretMaterial.NONE, NOW);
    }

    private static Container main(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void whenTheExampleIsRenderedTheDeploymentsShouldMatchTheGoldenFixtures() {
        ControlPlaneObjects objects = render(ExampleInputs.sampleRegistryOverrides());
        Fixtures.assertMatches("control-plane-operator-deployment.yaml", ObjectOutput.yaml(objects.controlPlaneOperator()));
        Fixtures.assertMatches("ignition-server-deployment.yaml", ObjectOutput.yaml(objects.ignitionServer()));
    }

    @Test
    void whenRenderedTwiceItShouldGiveTheSameBytes() {
        String a = ObjectOutput.yamlStream(render(ExampleInputs.sampleRegistryOverrides()).all());
        String b = ObjectOutput.yamlStream(render(ExampleInputs.sampleRegistryOverrides()).all());
        assertThat(a).isEqualTo(b);
    }

    @Test
    void whenRenderedTheArgsAndEnvShouldBeExactlyThoseOfSpecSection7() {
        ControlPlaneObjects o = render(ExampleInputs.sampleRegistryOverrides());
        String mirrors = ExampleInputs.mirrors().format();
        Container cpo = main(o.controlPlaneOperator());
        assertThat(cpo.getName()).isEqualTo(ControlPlaneContract.CONTROL_PLANE_OPERATOR);
        assertThat(cpo.getArgs()).containsExactly("run", "--registry-overrides=registry.redhat.io/multicluster-engine=registry.local:5000/mce");
        assertThat(cpo.getEnv()).filteredOn(e -> e.getName().equals("OPENSHIFT_IMG_OVERRIDES"))
                .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo(mirrors));
        Container ign = main(o.ignitionServer());
        assertThat(ign.getName()).isEqualTo(ControlPlaneContract.IGNITION_SERVER);
        int i = ign.getArgs().indexOf("--registry-overrides");
        assertThat(ign.getArgs().get(i + 1)).isEqualTo(ExampleInputs.mirrors()
                .withRegistryOverrides(ExampleInputs.sampleRegistryOverrides()).format())
                .endsWith("registry.redhat.io/multicluster-engine=mirror.example.com:8443/multicluster-engine,"
                        + "registry.redhat.io/multicluster-engine=registry.local:5000/mce,"
                        + "registry.redhat.io/redhat=mirror.example.com:8443/redhat,"
                        + "registry.redhat.io/rhel9=mirror.example.com:8443/rhel9");
        assertThat(ign.getEnv()).filteredOn(e -> e.getName().equals("OPENSHIFT_IMG_OVERRIDES"))
                .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo(mirrors));
    }

    @Test
    void whenTheHostedClusterIgnoresTheManagementMirrors_bothDeploymentsShouldGetEqualsAndKeepTheRegistryOverrides() {
        io.hypershift.api.v1beta1.HostedCluster hc = ExampleInputs.hostedCluster();
        hc.getMetadata().getAnnotations().put(io.hypershift.api.Annotations.IGNORE_MANAGEMENT_CLUSTER_IMAGE_MIRRORS, "true");
        ControlPlaneObjects o = ControlPlaneModel.render(new ControlPlaneInputs(hc, ExampleInputs.mirrors(),
                ExampleInputs.sampleRegistryOverrides(), ExampleInputs.release(), ExampleInputs.pullSecret(),
                ComponentOptions.FROM_RELEASE, Optional.empty(), Optional.empty()), SecretMaterial.NONE, NOW);
        String ro = "registry.redhat.io/multicluster-engine=registry.local:5000/mce";
        assertThat(o.overrides()).isEqualTo(new PropagatedOverrides(ro, "=", ro, 0));
        for (Deployment d : List.of(o.controlPlaneOperator(), o.ignitionServer())) {
            assertThat(main(d).getEnv()).filteredOn(e -> e.getName().equals("OPENSHIFT_IMG_OVERRIDES"))
                    .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo("="));
        }
        assertThat(main(o.controlPlaneOperator()).getArgs()).contains("--registry-overrides=" + ro);
        assertThat(main(o.ignitionServer()).getArgs()).containsSequence("--registry-overrides", ro);

        // any other value keeps the mirrors
        hc.getMetadata().getAnnotations().put(io.hypershift.api.Annotations.IGNORE_MANAGEMENT_CLUSTER_IMAGE_MIRRORS, "false");
        assertThat(new ControlPlaneInputs(hc, ExampleInputs.mirrors(), RegistryOverrides.empty(), null, null,
                ComponentOptions.FROM_RELEASE, Optional.empty(), Optional.empty()).overrides().mirrorOverrides())
                .isEqualTo(ExampleInputs.mirrors().format());
    }

    @Test
    void whenThereAreNoOverridesEveryStringShouldBeTheLiteralEquals() {
        ControlPlaneObjects o = ControlPlaneModel.render(new ControlPlaneInputs(ExampleInputs.hostedCluster(),
                MirrorOverrides.empty(), RegistryOverrides.empty(), ExampleInputs.release(), null,
                ComponentOptions.FROM_RELEASE, Optional.empty(), Optional.empty()), SecretMaterial.NONE, NOW);
        assertThat(main(o.controlPlaneOperator()).getArgs()).contains("--registry-overrides==");
        assertThat(main(o.ignitionServer()).getArgs()).containsSequence("--registry-overrides", "=");
        assertThat(o.pullSecret()).as("no pull secret, no copy").isNull();
        assertThat(o.all()).extracting(HasMetadata::getKind).doesNotContainNull();
    }

    @Test
    void whenTheOperatorTrustsARegistryCa_bothDeploymentsShouldMountItAndReadItAndWithoutOneStayAsTheyWere() {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        ControlPlaneObjects with = ControlPlaneModel.render(new ControlPlaneInputs(ExampleInputs.hostedCluster(),
                ExampleInputs.mirrors(), RegistryOverrides.empty(), ExampleInputs.release(), ExampleInputs.pullSecret(),
                new ComponentOptions(null, null, pem), Optional.empty(), Optional.empty()), SecretMaterial.NONE, NOW);
        ControlPlaneObjects without = render(RegistryOverrides.empty());

        assertThat(with.registryCa().getMetadata().getName()).isEqualTo(ControlPlaneContract.REGISTRY_CA_CONFIGMAP);
        assertThat(with.registryCa().getMetadata().getNamespace()).isEqualTo(with.namespace().getMetadata().getName());
        assertThat(with.registryCa().getData()).containsExactly(Map.entry(ControlPlaneContract.REGISTRY_CA_KEY, pem));
        assertThat(with.prerequisites()).contains(with.registryCa());
        for (Deployment d : List.of(with.controlPlaneOperator(), with.ignitionServer())) {
            Container c = main(d);
            assertThat(c.getArgs()).contains("--registry-ca-file=" + ControlPlaneContract.REGISTRY_CA_MOUNT_PATH + "/"
                    + ControlPlaneContract.REGISTRY_CA_KEY);
            assertThat(c.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo(ControlPlaneContract.REGISTRY_CA_MOUNT_PATH);
                assertThat(m.getReadOnly()).isTrue();
            });
            assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getConfigMap() != null)
                    .extracting(v -> v.getConfigMap().getName()).containsExactly(ControlPlaneContract.REGISTRY_CA_CONFIGMAP);
        }
        assertThat(without.registryCa()).isNull();
        for (Deployment d : without.deployments().stream().map(Deployment.class::cast).toList()) {
            assertThat(String.join(" ", main(d).getArgs())).doesNotContain("--registry-ca-file");
            assertThat(d.getSpec().getTemplate().getSpec().getImagePullSecrets()).extracting(r -> r.getName())
                    .as("pulled with the pull-secret copy").containsExactly(ControlPlaneContract.PULL_SECRET_NAME);
        }
        // apart from the CA, the two renders are the same objects
        assertThat(with.controlPlaneOperator().getMetadata()).isEqualTo(without.controlPlaneOperator().getMetadata());
    }

    @Test
    void whenRenderedTheSecretsShouldNeverBeInArgsOrEnvButMountedAsFiles() {
        ControlPlaneObjects o = render(RegistryOverrides.empty());
        String auth = "ZXhhbXBsZTpub3QtYS1yZWFsLXBhc3N3b3Jk";
        for (Deployment d : List.of(o.controlPlaneOperator(), o.ignitionServer())) {
            Container c = main(d);
            assertThat(String.join(" ", c.getArgs())).doesNotContain(auth).doesNotContain("auths");
            assertThat(c.getEnv()).allSatisfy(e -> assertThat(String.valueOf(e.getValue())).doesNotContain(auth));
            assertThat(c.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo(ControlPlaneContract.PULL_SECRET_MOUNT_PATH);
                assertThat(m.getReadOnly()).isTrue();
            });
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        }
        assertThat(o.pullSecret().getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    }

    @Test
    void whenAnImageFlagIsGivenItShouldWinOverTheReleaseAndElseTheReleaseComponentIsRewrittenWithRO() {
        RegistryOverrides ro = RegistryOverrides.of(Map.of("quay.io/openshift-release-dev", "registry.local/ocp"));
        ComponentImages fromRelease = ComponentImages.resolve(ComponentOptions.FROM_RELEASE, ExampleInputs.release(), ro);
        assertThat(fromRelease.controlPlaneOperator()).startsWith("registry.local/ocp/ocp-v4.0-art-dev@sha256:2222");
        assertThat(fromRelease.ignitionServer()).as("HyperShift runs the ignition server from the CPO image")
                .isEqualTo(fromRelease.controlPlaneOperator());
        ComponentImages flags = ComponentImages.resolve(new ComponentOptions("cpo:1", "ign:1"), ExampleInputs.release(), ro);
        assertThat(flags).isEqualTo(new ComponentImages("cpo:1", "ign:1"));
        assertThatThrownBy(() -> ComponentImages.resolve(ComponentOptions.FROM_RELEASE, null, ro))
                .hasMessageContaining("--control-plane-operator-image");
    }
}
