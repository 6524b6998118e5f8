package io.hypershift.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.operator.components.ignitionserver.SecretMaterial;
import io.hypershift.operator.config.OperatorOptions;
import io.hypershift.operator.controllers.hostedcluster.HostedClusterReconciler;
import io.hypershift.operator.controllers.hostedcluster.OlmCatalogs;
import io.hypershift.operator.controllers.hostedcluster.PropagationMetrics;
import io.hypershift.operator.controllers.registryoverrides.RegistryOverridesController;
import io.hypershift.operator.release.CachingReleaseProviders;
import io.hypershift.operator.release.CatalogImagesFactory;
import io.hypershift.operator.release.ReleaseProviderFactory;
import io.hypershift.support.http.ProbeEndpoints;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: the registry-overrides controller, the JOSDK operator with the HostedCluster controller
 * (leader-elected with a Lease when asked), and the metrics and health endpoints. {@code run} starts one; tests start
 * several against one API server.
 */
public final class OperatorRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

    private final PrometheusMeterRegistry registry;
    private final RegistryOverridesController overrides;
    private final Operator operator;
    private final HostedClusterReconciler reconciler;
    private ProbeEndpoints probes;

    private OperatorRuntime(PrometheusMeterRegistry registry, RegistryOverridesController overrides, Operator operator,
            HostedClusterReconciler reconciler) {
        this.registry = registry;
        this.overrides = overrides;
        this.operator = operator;
        this.reconciler = reconciler;
    }

    /**
     * How the runtime is wired beyond the flags.
     *
     * @param configure adjusts the JOSDK configuration (tests turn server-side apply off on the mock API server and
     *     keep the client open)
     * @param exitOnStopLeading end the process when leadership is lost, so that two leaders never reconcile at once
     *     (true in {@code run}; tests that stop instances in-process turn it off)
     */
    public record Wiring(ReleaseProviderFactory releases, CatalogImagesFactory catalogs, SecretMaterial material,
            Clock clock, Consumer<ConfigurationServiceOverrider> configure, boolean exitOnStopLeading) {}

    /** Starts everything; on failure, stops what was started and rethrows. */
    public static OperatorRuntime start(OperatorOptions options, KubernetesClient client, Wiring wiring) {
        ReleaseProviderFactory releases = wiring.releases();
        SecretMaterial material = wiring.material();
        Clock clock = wiring.clock();
        Consumer<ConfigurationServiceOverrider> configure = wiring.configure();
        options.warnings().forEach(w -> LOG.warn("--registry-overrides: {}", w));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RegistryOverridesController overrides = new RegistryOverridesController(client, clock, SYNC_TIMEOUT, registry);
        HostedClusterReconciler reconciler = new HostedClusterReconciler(overrides,
                new CachingReleaseProviders(releases, options.registryOverrides()), options.registryOverrides(),
                options.components(), material, new PropagationMetrics(registry, clock),
                new OlmCatalogs(wiring.catalogs(), options.registryOverrides()), clock);
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    .withCacheSyncTimeout(SYNC_TIMEOUT)
                    .withStopOnInformerErrorDuringStartup(true)
                    // let running reconciles finish on stop instead of interrupting them mid-request
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(10));
            if (options.leaderElect()) {
                LeaderElectionConfigurationBuilder le = LeaderElectionConfigurationBuilder
                        .aLeaderElectionConfiguration(OperatorOptions.LEASE_NAME)
                        .withLeaseNamespace(options.leaseNamespace())
                        .withExitOnStopLeading(wiring.exitOnStopLeading());
                if (options.identity() != null) {
                    le.withIdentity(options.identity());
                }
                o.withLeaderElectionConfiguration(le.build());
            }
            configure.accept(o);
        });
        OperatorRuntime runtime = new OperatorRuntime(registry, overrides, operator, reconciler);
        try {
            // the endpoints first: /healthz answers during the start, /readyz says when it is done, and /metrics
            // counts from the first reconcile on
            runtime.probes = ProbeEndpoints.start(Optional.ofNullable(options.metricsAddress()),
                    Optional.ofNullable(options.healthAddress()), () -> true, runtime::ready, registry::scrape);
            overrides.start();
            operator.register(reconciler, c -> {
                if (options.namespace() != null) {
                    c.settingNamespace(options.namespace());
                }
            });
            operator.start();
        } catch (IOException e) {
            runtime.close();
            throw new UncheckedIOException("cannot listen for metrics or probes: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        LOG.info("hypershift-operator started in {} ms since the JVM started: namespace {}, leader election {}",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(),
                options.namespace() == null ? "all" : options.namespace(), options.leaderElect() ? "on (lease "
                + options.leaseNamespace() + "/" + OperatorOptions.LEASE_NAME + ")" : "off");
        return runtime;
    }

    /** Ready once the overrides are built and the operator (leader or stand-by) has started. */
    public boolean ready() {
        return overrides.current().version() > 0 && operator.getRuntimeInfo().isStarted();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public RegistryOverridesController overrides() {
        return overrides;
    }

    public HostedClusterReconciler reconciler() {
        return reconciler;
    }

    public int metricsPort() {
        return probes == null ? -1 : probes.metricsAddress().map(InetSocketAddress::getPort).orElse(-1);
    }

    public int healthPort() {
        return probes == null ? -1 : probes.healthAddress().map(InetSocketAddress::getPort).orElse(-1);
    }

    @Override
    public void close() {
        if (probes != null) {
            probes.close();
        }
        try {
            operator.stop();
        } catch (RuntimeException e) {
            LOG.debug("stopping the operator: {}", e.toString());
        }
        overrides.close();
    }
}
