package io.hypershift.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hypershift.operator.components.ComponentOptions;
import io.hypershift.operator.components.ignitionserver.SelfSignedMaterial;
import io.hypershift.operator.config.OperatorOptions;
import io.hypershift.operator.release.ReleaseProviderFactory;
import io.hypershift.operator.runtime.OperatorRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Starts the operator in-process against a {@link TestBackend}, as {@code run} would, with test-friendly ports. */
public final class OperatorHarness {
    private OperatorHarness() {}

    public static OperatorOptions options(boolean leaderElect, String identity, String leaseNamespace) {
        Map<String, String> env = identity == null ? Map.of("POD_NAMESPACE", leaseNamespace)
                : Map.of("POD_NAMESPACE", leaseNamespace, "POD_NAME", identity);
        return OperatorOptions.build(new OperatorOptions.Flags((Path) null, null, List.of(), "127.0.0.1:0", "127.0.0.1:0",
                leaderElect, "registry.local/hypershift/cpo:test", "registry.local/hypershift/ignition:test"), env);
    }

    public static OperatorRuntime start(TestBackend backend, OperatorOptions options, ReleaseProviderFactory releases) {
        KubernetesClient client = backend.client();
        return OperatorRuntime.start(options, client, new OperatorRuntime.Wiring(releases,
                new SelfSignedMaterial(new SecureRandom(), Clock.systemUTC()), Clock.systemUTC(), o -> {
                    // the fabric8 mock cannot do server-side apply: turn it off for the primary resource (finalizer,
                    // status) and for the operator's own writes; keep the client open across operator instances
                    o.withUseSSAToPatchPrimaryResource(backend.serverSideApply())
                            .withSSABasedCreateUpdateMatchForDependentResources(backend.serverSideApply())
                            .withCloseClientOnStop(false);
                }, false));
    }

    /** Creates the generated CRDs of the api module (HostedCluster, HostedControlPlane). */
    public static void installCrds(KubernetesClient client) {
        for (String plural : List.of("hostedclusters", "hostedcontrolplanes")) {
            client.resource(crd("/META-INF/fabric8/" + plural + ".hypershift.openshift.io-v1.yml")).createOr(r -> r.update());
        }
    }

    public static CustomResourceDefinition crd(String resource) {
        try (InputStream in = OperatorHarness.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ComponentOptions images() {
        return new ComponentOptions("registry.local/hypershift/cpo:test", "registry.local/hypershift/ignition:test");
    }
}
