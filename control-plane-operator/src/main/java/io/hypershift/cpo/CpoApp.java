package io.hypershift.cpo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.cpo.config.CpoOptions;
import io.hypershift.cpo.controllers.hostedcontrolplane.HostedControlPlaneReconciler;
import io.hypershift.cpo.release.CatalogBackends;
import io.hypershift.cpo.release.ReleaseBackends;
import io.hypershift.support.http.ProbeEndpoints;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running control-plane-operator: the JOSDK operator with the HostedControlPlane reconciler scoped to one
 * namespace, its Micrometer metrics, and the probe/metrics listener(s). {@link #close()} stops everything.
 */
public final class CpoApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CpoApp.class);

    private final Operator operator;
    private final ProbeEndpoints probes;
    private final PrometheusMeterRegistry registry;

    private CpoApp(Operator operator, ProbeEndpoints probes, PrometheusMeterRegistry registry) {
        this.operator = operator;
        this.probes = probes;
        this.registry = registry;
    }

    /**
     * @param tuning adjusts the JOSDK configuration (tests on the CRUD mock turn server-side apply off)
     */
    public static CpoApp start(CpoOptions o, KubernetesClient client, ReleaseBackends backends,
            CatalogBackends catalogBackends, Clock clock, Consumer<ConfigurationServiceOverrider> tuning)
            throws IOException {
        o.warnings().forEach(w -> LOG.warn("skipped override piece: {}", w));
        LOG.info("namespace {}: release lookups try {} mirror source(s) then RO; RO rewrites {} source(s){}",
                o.namespace(), o.mirrors().size(), o.registryOverrides().asMap().size(),
                o.tagMirrors().isEmpty() ? "" : "; tag references try " + o.tagMirrors().size()
                        + " tag-mirrored source(s) first");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        Gauge.builder("hypershift.cpo.registry.overrides.skipped.pieces", o.warnings()::size)
                .description("Pieces of OPENSHIFT_IMG_OVERRIDES and --registry-overrides that were skipped")
                .register(registry);
        Operator operator = new Operator(c -> {
            c.withKubernetesClient(client)
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    .withCloseClientOnStop(false)
                    // let running reconciles finish on stop instead of interrupting them mid-request
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(10));
            tuning.accept(c);
        });
        operator.register(HostedControlPlaneReconciler.create(client, o.warnings(),
                backends.releases(o.mirrors(), o.tagMirrors(), o.registryOverrides()),
                catalogBackends.catalogImages(o.mirrors(), o.tagMirrors(), o.registryOverrides()), o.registryOverrides(), registry,
                clock, instance()),
                c -> c.settingNamespace(o.namespace()));
        operator.start();
        ProbeEndpoints probes;
        try {
            probes = ProbeEndpoints.start(o.metricsAddress(), o.healthAddress(),
                    () -> operator.getRuntimeInfo().isStarted(),
                    () -> operator.getRuntimeInfo().isStarted()
                            && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                    registry::scrape);
        } catch (IOException | RuntimeException e) {
            operator.stop();
            throw e;
        }
        return new CpoApp(operator, probes, registry);
    }

    private static String instance() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "control-plane-operator";
        }
    }

    /** The metrics and health listeners, with their bound addresses. */
    public ProbeEndpoints probes() {
        return probes;
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        probes.close();
        operator.stop();
        registry.close();
    }
}
