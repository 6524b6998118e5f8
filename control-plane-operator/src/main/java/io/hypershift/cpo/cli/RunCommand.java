package io.hypershift.cpo.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hypershift.cpo.CpoApp;
import io.hypershift.cpo.config.CpoOptions;
import io.hypershift.cpo.release.CatalogBackends;
import io.hypershift.cpo.release.ReleaseBackends;
import io.hypershift.support.cli.KubeconfigFlag;
import io.hypershift.support.cli.RegistryAccessOptions;
import io.hypershift.support.cli.ShutdownSignal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code control-plane-operator run}: reconciles the HostedControlPlane of one namespace until terminated. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Reconciles the HostedControlPlane in --namespace: looks its release up through the mirrors of "
                + "OPENSHIFT_IMG_OVERRIDES then RO, renders the component Deployments from the pull specs the lookup "
                + "placed (on the serving mirror, or moved by RO), and writes the data-plane IDMS ConfigMap. A release "
                + "named by tag is looked up through OPENSHIFT_IMG_TAG_OVERRIDES (when set) first.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--namespace", description = "The control-plane namespace (default: $POD_NAMESPACE).")
    String namespace;

    @Option(names = "--registry-overrides", description = "RO: source=target pieces joined by ',' (docs/behaviour.md, String formats); "
            + "rewrites component images and is tried after the mirrors.")
    String registryOverrides;

    @Option(names = "--kubeconfig", description = "Kubeconfig file (default: in-cluster configuration).")
    Path kubeconfig;

    @Option(names = "--metrics-bind-address", defaultValue = ":8080",
            description = "Prometheus /metrics (default: ${DEFAULT-VALUE}; 0 disables).")
    String metricsBindAddress;

    @Option(names = "--health-probe-bind-address", defaultValue = ":8081",
            description = "/healthz and /readyz (default: ${DEFAULT-VALUE}; 0 disables).")
    String healthProbeBindAddress;

    @Mixin
    RegistryAccessOptions registryAccess;

    /**
     * The validated options of these flags with {@code env} as the environment ({@code call()} passes
     * {@code System.getenv()}; a test that runs the operator in-process passes the Deployment's env).
     */
    public CpoOptions options(Map<String, String> env) {
        return CpoOptions.build(new CpoOptions.Flags(namespace, registryOverrides, kubeconfig, metricsBindAddress,
                healthProbeBindAddress, registryAccess.caFile(), registryAccess.insecureRegistries(),
                registryAccess.deadlines()), env);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        CpoOptions options = options(System.getenv());
        ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(20));
        try (KubernetesClient client = client(kubeconfig);
                CpoApp app = CpoApp.start(options, client, ReleaseBackends.live(options.registryClient()),
                        CatalogBackends.live(options.registryClient(), Clock.systemUTC()),
                        Clock.systemUTC(), c -> {})) {
            signal.await();
        } finally {
            signal.completed();
        }
        return 0;
    }

    /** A client, once the API server answered {@code /version}: unreachable is one line and exit 2, not informer traces. */
    static KubernetesClient client(Path kubeconfig) {
        return KubeconfigFlag.reachable(new KubernetesClientBuilder().withConfig(
                KubeconfigFlag.load(kubeconfig, Config::fromKubeconfig, () -> Config.autoConfigure(null))).build(),
                KubernetesClient::getKubernetesVersion);
    }
}
