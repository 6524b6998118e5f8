package io.hypershift.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicyBuilder;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.OLMCatalogPlacement;
import io.hypershift.api.v1beta1.Release;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves the backend chosen by {@code -De2e.backend} (on CI: the real kube-apiserver) does what the operator's and
 * e2e's tests rely on. One server for the whole class.
 */
@KubeTest
class ClusterSelfTest {
    private static final String RELEASE = "quay.io/openshift-release-dev/ocp-release:4.16.0-x86_64";

    @Test
    void whenATestStartsItShouldHaveItsOwnNamespaceAndAClientDefaultingToIt(KubeContext kube) {
        assertThat(kube.client().namespaces().withName(kube.namespace()).get()).isNotNull();
        assertThat(kube.client().getNamespace()).isEqualTo(kube.namespace());
        kube.client().configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata()
                .addToData("k", "v").build()).create();
        assertThat(kube.client().configMaps().inNamespace(kube.namespace()).withName("cm").get().getData())
                .containsEntry("k", "v");
        assertThat(kube.backendName()).isEqualTo(kube.backend().id());
        System.out.println("[kube] self-test ran on backend " + kube.backendName());
    }

    @Test
    void whenTheServerStartsOurCrdsAndTheMirrorPolicyCrdsShouldBeInstalled(KubeContext kube) {
        for (CustomResourceDefinition crd : Crds.all()) {
            CustomResourceDefinition live = kube.client().apiextensions().v1().customResourceDefinitions()
                    .withName(crd.getMetadata().getName()).get();
            assertThat(live).as(crd.getMetadata().getName()).isNotNull();
            if (kube.has(Capability.DISCOVERY)) {
                assertThat(Crds.established(live)).as(crd.getMetadata().getName() + " Established").isTrue();
            }
        }
        assertThat(Crds.all()).extracting(c -> c.getMetadata().getName()).contains(
                "hostedclusters.hypershift.openshift.io", "hostedcontrolplanes.hypershift.openshift.io",
                "imagecontentsourcepolicies.operator.openshift.io", "imagedigestmirrorsets.config.openshift.io",
                "imagetagmirrorsets.config.openshift.io");
        // applying again (as e2e does on a reused cluster) is an update, not an error
        Crds.install(kube.client(), Crds.mirrorPolicies(), kube.has(Capability.DISCOVERY), Crds.DEFAULT_TIMEOUT);
    }

    @Test
    void whenTheClusterHasItsOwnCrdOfTheSameNameInstallShouldLeaveItAlone(KubeContext kube) {
        String suffix = kube.uniqueName("x").substring(2);
        CustomResourceDefinition ours = renamed(Crds.byName("imagetagmirrorsets.config.openshift.io").orElseThrow(),
                "theirs" + suffix);
        CustomResourceDefinition theirs = Serialization.clone(ours);
        theirs.getMetadata().setLabels(null);
        theirs.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().setDescription("the cluster's own");
        kube.client().resource(kube.deleteAfterTest(theirs)).create();

        Crds.Installed done = Crds.install(kube.client(), List.of(ours), kube.has(Capability.DISCOVERY),
                Crds.DEFAULT_TIMEOUT);

        assertThat(done.kept()).containsExactly(ours.getMetadata().getName());
        assertThat(done.applied()).isEmpty();
        assertThat(kube.client().apiextensions().v1().customResourceDefinitions()
                .withName(ours.getMetadata().getName()).get().getSpec().getVersions().get(0).getSchema()
                .getOpenAPIV3Schema().getDescription()).isEqualTo("the cluster's own");
    }

    private static CustomResourceDefinition renamed(CustomResourceDefinition crd, String plural) {
        CustomResourceDefinition c = Serialization.clone(crd);
        String group = c.getSpec().getGroup();
        c.getMetadata().setName(plural + "." + group);
        c.getSpec().getNames().setPlural(plural);
        c.getSpec().getNames().setSingular(plural.substring(0, plural.length() - 1));
        c.getSpec().getNames().setKind("Theirs" + plural.substring(6, 11).toUpperCase(java.util.Locale.ROOT));
        c.getSpec().getNames().setListKind(c.getSpec().getNames().getKind() + "List");
        return c;
    }

    @Test
    void whenATestEndsItsNamespacesShouldGoWithWhatTheyHoldEvenObjectsWithFinalizers(KubeContext kube)
            throws InterruptedException {
        String controlPlane = kube.namespace() + "-hc";
        kube.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(controlPlane).endMetadata().build()).create();
        kube.client().configMaps().inNamespace(controlPlane).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("held").withFinalizers("test.hypershift.io/hold").endMetadata().build()).create();
        HostedCluster hc = hostedCluster("held", null);
        hc.getMetadata().setFinalizers(List.of("hypershift.openshift.io/finalizer"));
        kube.client().resource(hc).create();

        assertThat(NamespaceReaper.reap(kube.client(), kube.cluster(), kube.namespace())).isEmpty();

        for (String ns : List.of(kube.namespace(), controlPlane)) {
            boolean gone = false;
            for (int i = 0; i < 300 && !gone; i++) {
                gone = kube.client().namespaces().withName(ns).get() == null;
                if (!gone) {
                    Thread.sleep(100);
                }
            }
            assertThat(gone).as("namespace " + ns + " gone within 30 s").isTrue();
        }
        assertThat(kube.client().resources(HostedCluster.class).inAnyNamespace().list().getItems())
                .noneMatch(h -> h.getMetadata().getNamespace().equals(kube.namespace()));
    }

    @Test
    void whenAnIdmsIsCreatedPatchedAndDeletedAWatchShouldSeeEachStep(KubeContext kube) throws Exception {
        String name = kube.uniqueName("idms");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch watch = kube.client().resources(ImageDigestMirrorSet.class).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ImageDigestMirrorSet idms) {
                if (name.equals(idms.getMetadata().getName())) {
                    events.add(action + " " + idms.getSpec().getImageDigestMirrors().get(0).getMirrors());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                events.add("CLOSED " + cause);
            }
        })) {
            kube.client().resource(new ImageDigestMirrorSetBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().addNewImageDigestMirror().withSource("quay.io/openshift-release-dev")
                    .withMirrors("mirror.example.com:5000/ocp").endImageDigestMirror().endSpec().build()).create();
            kube.client().resources(ImageDigestMirrorSet.class).withName(name).edit(i -> new ImageDigestMirrorSetBuilder(i)
                    .editSpec().editFirstImageDigestMirror().addToMirrors("mirror2.example.com/ocp")
                    .endImageDigestMirror().endSpec().build());
            assertThat(kube.client().resources(ImageDigestMirrorSet.class).withName(name).delete()).hasSize(1);

            assertThat(List.of(next(events), next(events), next(events))).as("events of " + watch).containsExactly(
                    "ADDED [mirror.example.com:5000/ocp]",
                    "MODIFIED [mirror.example.com:5000/ocp, mirror2.example.com/ocp]",
                    "DELETED [mirror.example.com:5000/ocp, mirror2.example.com/ocp]");
        }
    }

    @Test
    void whenAnIcspIsCreatedItShouldReadBackWithItsMirrorsInOrder(KubeContext kube) {
        String name = kube.uniqueName("icsp");
        kube.client().resource(kube.deleteAfterTest(new ImageContentSourcePolicyBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().addNewRepositoryDigestMirror()
                .withSource("quay.io/openshift-release-dev/ocp-release").withMirrors("m2.local/ocp", "m1.local/ocp")
                .endRepositoryDigestMirror().endSpec().build())).create();
        ImageContentSourcePolicy back = kube.client().resources(ImageContentSourcePolicy.class).withName(name).get();
        assertThat(back.getSpec().getRepositoryDigestMirrors().get(0).getMirrors())
                .containsExactly("m2.local/ocp", "m1.local/ocp");
    }

    @Test
    @RequiresCapability(Capability.SERVER_SIDE_APPLY)
    void whenTwoManagersApplyTheSameFieldServerSideTheSecondShouldGetAConflictUnlessItForces(KubeContext kube) {
        ConfigMap mine = new ConfigMapBuilder().withNewMetadata().withName("ssa").endMetadata()
                .addToData("owner", "first").build();
        kube.client().resource(mine).fieldManager("first").serverSideApply();
        ConfigMap theirs = new ConfigMapBuilder(mine).withData(java.util.Map.of("owner", "second")).build();

        assertThatThrownBy(() -> kube.client().resource(theirs).fieldManager("second").serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        kube.client().resource(theirs).fieldManager("second").forceConflicts().serverSideApply();

        ConfigMap back = kube.client().configMaps().withName("ssa").get();
        assertThat(back.getData()).containsEntry("owner", "second");
        assertThat(back.getMetadata().getManagedFields()).extracting(f -> f.getManager()).contains("second");
    }

    @Test
    @RequiresCapability(Capability.SCHEMA_VALIDATION)
    void whenOlmCatalogPlacementIsChangedTheGeneratedCelRuleShouldRejectIt(KubeContext kube) {
        HostedCluster hc = hostedCluster("immutable", null);
        kube.client().resource(hc).create();
        HostedCluster created = kube.client().resources(HostedCluster.class).withName("immutable").get();
        assertThat(created.getSpec().getOlmCatalogPlacement()).as("the CRD's default").isEqualTo(OLMCatalogPlacement.MANAGEMENT);

        created.getSpec().setOlmCatalogPlacement(OLMCatalogPlacement.GUEST);
        assertThatThrownBy(() -> kube.client().resource(created).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.olmCatalogPlacement").contains("OLMCatalogPlacement is immutable");
                });
        assertThat(kube.client().resources(HostedCluster.class).withName("immutable").get().getSpec()
                .getOlmCatalogPlacement()).isEqualTo(OLMCatalogPlacement.MANAGEMENT);
    }

    @Test
    @RequiresCapability(Capability.SCHEMA_VALIDATION)
    void whenAnIdmsHasAMalformedSourceTheApiServerShouldRejectItNamingTheField(KubeContext kube) {
        ImageDigestMirrorSet bad = new ImageDigestMirrorSetBuilder().withNewMetadata().withName(kube.uniqueName("bad"))
                .endMetadata().withNewSpec().addNewImageDigestMirror().withSource("Quay.IO/UPPER/Case//x")
                .withMirrors("mirror.local/ocp").withMirrorSourcePolicy("Sometimes").endImageDigestMirror().endSpec()
                .build();
        assertThatThrownBy(() -> kube.client().resource(kube.deleteAfterTest(bad)).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.imageDigestMirrors[0].source")
                            .contains("spec.imageDigestMirrors[0].mirrorSourcePolicy");
                });
    }

    @Test
    void whenAProcessUsesTheKubeconfigFileItShouldReachTheSameApi(KubeContext kube) throws Exception {
        var file = kube.kubeconfigFile();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Config config = Config.fromKubeconfig(file.toFile());
        try (KubernetesClient other = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(other.namespaces().withName(kube.namespace()).get()).isNotNull();
        }
    }

    static HostedCluster hostedCluster(String name, OLMCatalogPlacement placement) {
        HostedCluster hc = new HostedCluster();
        hc.getMetadata().setName(name);
        Release release = new Release();
        release.setImage(RELEASE);
        hc.getSpec().setRelease(release);
        hc.getSpec().setPullSecret(new LocalObjectReference("pull-secret"));
        hc.getSpec().setOlmCatalogPlacement(placement);
        return hc;
    }

    private static String next(BlockingQueue<String> events) throws InterruptedException {
        String e = events.poll(20, TimeUnit.SECONDS);
        assertThat(e).as("a watch event within 20 s").isNotNull();
        return e;
    }
}
