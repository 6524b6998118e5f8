package io.hypershift.operator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hypershift.operator.components.ignitionserver.SelfSignedMaterial;
import io.hypershift.operator.config.OperatorOptions;
import io.hypershift.operator.release.CatalogImagesFactory;
import io.hypershift.operator.release.ReleaseProviderFactory;
import io.hypershift.operator.runtime.OperatorRuntime;
import io.hypershift.support.cli.KubeconfigFlag;
import io.hypershift.support.cli.RegistryAccessOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the operator. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the operator: watch ICSP/IDMS and HostedClusters, and keep each control-plane namespace's "
                + "Deployments carrying the current image registry overrides.")
public final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Default: in-cluster, else ~/.kube/config.")
    Path kubeconfig;

    @Option(names = "--namespace", paramLabel = "NAMESPACE", description = "Watch HostedClusters in this namespace only (default: all).")
    String namespace;

    @Option(names = "--registry-overrides", paramLabel = "VALUE", description = "RO: source=target,... (repeatable).")
    List<String> registryOverrides = List.of();

    @Option(names = "--metrics-bind-address", defaultValue = ":8080", paramLabel = "[HOST]:PORT",
            description = "Prometheus /metrics (0 disables). Default: ${DEFAULT-VALUE}.")
    String metricsBindAddress;

    @Option(names = "--health-probe-bind-address", defaultValue = ":8081", paramLabel = "[HOST]:PORT",
            description = "/healthz and /readyz (0 disables). Default: ${DEFAULT-VALUE}.")
    String healthProbeBindAddress;

    @Option(names = "--leader-elect", description = "Hold a Lease so that one instance reconciles at a time.")
    boolean leaderElect;

    @Option(names = "--control-plane-operator-image", paramLabel = "IMAGE",
            description = "Default: the release's hypershift component.")
    String controlPlaneOperatorImage;

    @Option(names = "--ignition-server-image", paramLabel = "IMAGE",
            description = "Default: the release's ignition-server component, else the control-plane-operator image.")
    String ignitionServerImage;

    @CommandLine.Mixin
    RegistryAccessOptions registryAccess;

    /**
     * The validated options of these flags with {@code env} as the environment ({@code call()} passes
     * {@code System.getenv()}; a test that runs the operator in-process passes its own).
     */
    public OperatorOptions options(Map<String, String> env) {
        return OperatorOptions.build(new OperatorOptions.Flags(kubeconfig, namespace, registryOverrides,
                metricsBindAddress, healthProbeBindAddress, leaderElect, controlPlaneOperatorImage, ignitionServerImage,
                registryAccess.caFile(), registryAccess.insecureRegistries(), registryAccess.deadlines()), env);
    }

    @Override
    public Integer call() throws InterruptedException {
        OperatorOptions options = options(System.getenv());
        KubernetesClient client = KubeconfigFlag.reachable(
                new KubernetesClientBuilder().withConfig(config(kubeconfig)).build(), KubernetesClient::getKubernetesVersion);
        Clock clock = Clock.systemUTC();
        OperatorRuntime runtime = OperatorRuntime.start(options, client, new OperatorRuntime.Wiring(
                ReleaseProviderFactory.registry(options.registryClient(), clock),
                CatalogImagesFactory.registry(options.registryClient(), clock),
                new SelfSignedMaterial(new SecureRandom(), clock), clock, o -> { }, true));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            client.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    static Config config(Path kubeconfig) {
        return KubeconfigFlag.load(kubeconfig, Config::fromKubeconfig, () -> Config.autoConfigure(null));
    }
}
