package io.hypershift.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.hypershift.operator.components.ignitionserver.SelfSignedMaterial;
import io.hypershift.operator.config.OperatorOptions;
import io.hypershift.operator.release.CatalogImagesFactory;
import io.hypershift.operator.release.ReleaseProviderFactory;
import io.hypershift.operator.runtime.OperatorRuntime;
import io.hypershift.testing.kube.Capability;
import io.hypershift.testing.kube.Crds;
import io.hypershift.testing.kube.KubeContext;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts the operator in-process on the test's API server ({@link KubeContext}: the backend comes from
 * {@code -De2e.backend}), as {@code run} would: watching only the test's namespace, with free ports, and with the
 * JOSDK settings of that backend (server-side apply off on the mock, which cannot do it).
 */
public final class OperatorHarness {
    public static final String ICSP_CRD = "imagecontentsourcepolicies.operator.openshift.io";
    public static final String IDMS_CRD = "imagedigestmirrorsets.config.openshift.io";
    public static final String ITMS_CRD = "imagetagmirrorsets.config.openshift.io";

    private OperatorHarness() {}

    public static OperatorOptions options(String namespace, boolean leaderElect, String identity) {
        Map<String, String> env = identity == null ? Map.of("POD_NAMESPACE", namespace)
                : Map.of("POD_NAMESPACE", namespace, "POD_NAME", identity);
        return OperatorOptions.build(new OperatorOptions.Flags((Path) null, namespace, List.of(), "127.0.0.1:0",
                "127.0.0.1:0", leaderElect, "registry.local/hypershift/cpo:test", "registry.local/hypershift/ignition:test", null,
                List.of()), env);
    }

    public static OperatorRuntime start(KubeContext kube, OperatorOptions options, ReleaseProviderFactory releases) {
        return start(kube, options, releases, new TestCatalogs(List.of()));
    }

    /** With OLM catalog discovery through {@code catalogs} (only used where ImageStreams are served). */
    public static OperatorRuntime start(KubeContext kube, OperatorOptions options, ReleaseProviderFactory releases,
            CatalogImagesFactory catalogs) {
        return OperatorRuntime.start(options, kube.client(), new OperatorRuntime.Wiring(releases, catalogs,
                new SelfSignedMaterial(new SecureRandom(), Clock.systemUTC()), Clock.systemUTC(), kube.josdk(), false));
    }

    /** Our CRDs and the IDMS CRD served; the ICSP CRD absent (a test installs it to show it is noticed later). */
    public static void prepareCrds(KubeContext kube) {
        boolean established = kube.has(Capability.DISCOVERY);
        List<CustomResourceDefinition> crds = new java.util.ArrayList<>(Crds.generated());
        crds.add(Crds.byName(IDMS_CRD).orElseThrow());
        Crds.install(kube.client(), crds, established, Crds.DEFAULT_TIMEOUT);
        removeCrd(kube, ICSP_CRD);
    }

    public static void installCrd(KubeContext kube, String name) {
        Crds.install(kube.client(), List.of(Crds.byName(name).orElseThrow()), kube.has(Capability.DISCOVERY),
                Crds.DEFAULT_TIMEOUT);
    }

    public static void removeCrd(KubeContext kube, String name) {
        kube.client().apiextensions().v1().customResourceDefinitions().withName(name).delete();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline
                && kube.client().apiextensions().v1().customResourceDefinitions().withName(name).get() != null) {
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
