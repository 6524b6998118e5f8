package io.hypershift.ignition;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.ignition.config.IgnitionServerOptions;
import io.hypershift.ignition.kube.ControlPlaneWatch;
import io.hypershift.ignition.payload.PayloadCache;
import io.hypershift.ignition.payload.PayloadGenerator;
import io.hypershift.ignition.server.IgnitionHandler;
import io.hypershift.ignition.server.IgnitionHttpsServer;
import io.hypershift.ignition.server.PayloadPool;
import io.hypershift.ignition.server.PayloadService;
import io.hypershift.ignition.server.ServerMetrics;
import io.hypershift.ignition.server.TokenStore;
import io.hypershift.ignition.translate.RegistryBackends;
import io.hypershift.support.http.ProbeEndpoints;
import io.hypershift.support.http.ServerLimits;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ignition-server: the namespace watch, the HTTPS listener on {@code /ignition}, and the plain-HTTP
 * probe and metrics listener(s). Built from options by constructor wiring; {@link #close()} stops everything.
 */
public final class IgnitionServerApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IgnitionServerApp.class);
    static final int PAYLOAD_THREADS = 4;
    static final int PAYLOAD_QUEUE = 64;
    /** Ignition's own wait for response headers is 10 s by default; a node retries a 503 after Retry-After. */
    static final Duration PAYLOAD_DEADLINE = Duration.ofSeconds(9);
    static final int PAYLOAD_CACHE_ENTRIES = 256;
    static final Duration CERT_CHECK_INTERVAL = Duration.ofSeconds(30);

    private final ControlPlaneWatch watch;
    private final IgnitionHttpsServer https;
    private final ProbeEndpoints probes;
    private final PrometheusMeterRegistry registry;
    private final PayloadPool pool;

    private IgnitionServerApp(ControlPlaneWatch watch, IgnitionHttpsServer https, ProbeEndpoints probes,
            PrometheusMeterRegistry registry, PayloadPool pool) {
        this.watch = watch;
        this.https = https;
        this.probes = probes;
        this.registry = registry;
        this.pool = pool;
    }

    public static IgnitionServerApp start(IgnitionServerOptions o, KubernetesClient client, RegistryBackends backends,
            Clock clock) throws IOException {
        o.warnings().forEach(w -> LOG.warn("skipped override piece: {}", w));
        LOG.info("translation overrides: {} source(s){}; node components {}", o.translationOverrides().size(),
                o.tagMirrors().isEmpty() ? "" : ", tag mirrors: " + o.tagMirrors().size() + " source(s)",
                o.nodeComponents());
        // the serving certificate first: a bad one fails before anything touches the cluster
        SSLContext tls = IgnitionHttpsServer.tls(o.certFile(), o.keyFile(), clock, CERT_CHECK_INTERVAL);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        TokenStore tokens = new TokenStore();
        ServerMetrics metrics = new ServerMetrics(registry, tokens::size);
        RegistryBackends.Lookups lookups = backends.lookups(o.translationOverrides(), o.tagMirrors());
        PayloadGenerator generator = new PayloadGenerator(lookups.releases(), lookups.locator(), o.nodeComponents());
        PayloadService payloads = new PayloadService(generator,
                new PayloadCache(clock, o.payloadCacheTtl(), PAYLOAD_CACHE_ENTRIES), o.overridesString(), metrics);
        ControlPlaneWatch watch = new ControlPlaneWatch(client, o.namespace(), tokens).start();
        PayloadPool pool = new PayloadPool(PAYLOAD_THREADS, PAYLOAD_QUEUE, PAYLOAD_DEADLINE);
        IgnitionHttpsServer https = null;
        ProbeEndpoints probes = null;
        try {
            https = IgnitionHttpsServer.start(o.httpsAddress(), tls,
                    new IgnitionHandler(tokens, watch, payloads::payload, pool, metrics, clock), ServerLimits.ignition());
            probes = ProbeEndpoints.start(o.metricsAddress(), o.healthAddress(), () -> true, watch::isSynced,
                    registry::scrape);
        } catch (IOException | RuntimeException e) {
            if (https != null) {
                https.close();
            }
            watch.close();
            pool.close();
            throw e;
        }
        LOG.info("serving {} over HTTPS on {}:{} for namespace {}", IgnitionHandler.PATH,
                https.address().getAddress().getHostAddress(), https.address().getPort(), o.namespace());
        return new IgnitionServerApp(watch, https, probes, registry, pool);
    }

    public InetSocketAddress httpsAddress() {
        return https.address();
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
        https.close();
        pool.close();
        watch.close();
        registry.close();
    }
}
