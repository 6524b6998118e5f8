package io.hypershift.ignition.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hypershift.ignition.IgnitionServerApp;
import io.hypershift.ignition.config.IgnitionServerOptions;
import io.hypershift.ignition.payload.PayloadGenerator;
import io.hypershift.ignition.server.PemFiles;
import io.hypershift.ignition.translate.RegistryBackends;
import io.hypershift.support.cli.KubeconfigFlag;
import io.hypershift.support.cli.RegistryAccessOptions;
import io.hypershift.support.cli.ShutdownSignal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ignition-server start}: serves Ignition payloads for the control-plane namespace until terminated. */
@Command(name = "start", aliases = "serve", mixinStandardHelpOptions = true,
        description = "Serves GET /ignition over HTTPS to nodes holding a token from a labelled token Secret. "
                + "Reads OPENSHIFT_IMG_OVERRIDES (the mirror overrides) and, when set, OPENSHIFT_IMG_TAG_OVERRIDES (the "
                + "tag mirrors, for tag references only) from the environment.")
public final class StartCommand implements Callable<Integer> {
    @Option(names = "--namespace", description = "The control-plane namespace to serve (default: $POD_NAMESPACE).")
    String namespace;

    @Option(names = "--cert-file", required = true, description = "PEM serving certificate chain (reloaded on change).")
    Path certFile;

    @Option(names = "--key-file", required = true, description = "PEM private key of the certificate (unencrypted).")
    Path keyFile;

    @Option(names = "--registry-overrides", description = "Mirror overrides then RO, as source=mirror pieces "
            + "joined by ',' (docs/behaviour.md, Propagation); used to translate images to the mirror that serves them.")
    String registryOverrides;

    @Option(names = "--address", description = "HTTPS listen address (default: all interfaces).")
    String address;

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--metrics-bind-address", defaultValue = ":8080",
            description = "Prometheus /metrics (default: ${DEFAULT-VALUE}; 0 disables).")
    String metricsBindAddress;

    @Option(names = "--health-probe-bind-address", defaultValue = ":8081",
            description = "/healthz and /readyz (default: ${DEFAULT-VALUE}; 0 disables; the same address as the "
                    + "metrics serves all three).")
    String healthProbeBindAddress;

    @Option(names = "--kubeconfig", description = "Kubeconfig file (default: in-cluster configuration).")
    Path kubeconfig;

    @Option(names = "--node-components", split = ",",
            description = "Release components written to release.json, translated (default: machine-config-operator,"
                    + "pod,haproxy-router).")
    List<String> nodeComponents = new ArrayList<>(PayloadGenerator.DEFAULT_NODE_COMPONENTS);

    @Option(names = "--payload-cache-ttl", defaultValue = "PT10M",
            description = "How long a generated payload is served before it is generated again (ISO-8601 duration, "
                    + "default: ${DEFAULT-VALUE}).")
    Duration payloadCacheTtl;

    @Mixin
    RegistryAccessOptions registryAccess;

    /**
     * The validated options of these flags with {@code env} as the environment ({@code call()} passes
     * {@code System.getenv()}; a test that runs the server in-process passes the Deployment's env).
     */
    public IgnitionServerOptions options(Map<String, String> env) {
        return IgnitionServerOptions.build(new IgnitionServerOptions.Flags(namespace, certFile, keyFile,
                registryOverrides, address, port, metricsBindAddress, healthProbeBindAddress, kubeconfig, nodeComponents,
                payloadCacheTtl, registryAccess.caFile(), registryAccess.insecureRegistries(),
                registryAccess.deadlines()), env);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        IgnitionServerOptions options = options(System.getenv());
        PemFiles.read(options.certFile(), options.keyFile()); // bad key material is bad input: fail before the cluster
        ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(20));
        try (KubernetesClient client = client(kubeconfig);
                IgnitionServerApp app = IgnitionServerApp.start(options, client,
                        RegistryBackends.live(options.registryClient()), Clock.systemUTC())) {
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
