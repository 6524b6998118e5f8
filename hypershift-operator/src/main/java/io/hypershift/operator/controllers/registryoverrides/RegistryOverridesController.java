package io.hypershift.operator.controllers.registryoverrides;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.hypershift.support.manifests.Policies;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.MirrorOverridesBuilder;
import io.hypershift.support.registryoverride.PolicyProblem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the mirror overrides current (SPEC §2, §3, Beyond HyperShift): detects which of ICSP, IDMS and ITMS the
 * management cluster serves, watches them, and watches their CustomResourceDefinitions so that an API that appears (or goes)
 * later is noticed without a restart. Every change rebuilds the overrides; a different result becomes a new
 * {@link OverridesSnapshot} and is handed to the listeners (the HostedCluster controller re-reconciles every
 * HostedCluster). Rebuilds run one at a time on a single thread. A rebuild that fails (discovery or a list erred),
 * or a discovery that does not yet agree with the CRDs (an Established CRD not served yet), is retried with backoff
 * from {@link #RECHECK_MIN} to {@link #RECHECK_MAX}, since the event that triggered it will not come again.
 */
public final class RegistryOverridesController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOverridesController.class);
    public static final String ICSP_CRD = CapabilityDetector.ICSP_RESOURCE + ".operator.openshift.io";
    public static final String IDMS_CRD = CapabilityDetector.IDMS_RESOURCE + ".config.openshift.io";
    public static final String ITMS_CRD = CapabilityDetector.ITMS_RESOURCE + ".config.openshift.io";
    /** Bounds of the backoff of a re-detection after a failure or a disagreement between the CRDs and discovery. */
    static final Duration RECHECK_MIN = Duration.ofSeconds(1);
    static final Duration RECHECK_MAX = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final CapabilityDetector.Discovery discovery;
    private final Clock clock;
    private final Duration syncTimeout;
    private final ScheduledExecutorService rebuilds = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "registry-overrides");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<OverridesSnapshot> snapshot;
    private final List<Consumer<OverridesSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<CustomResourceDefinition>> crdInformers = new CopyOnWriteArrayList<>();
    private SharedIndexInformer<ImageContentSourcePolicy> icspInformer;
    private SharedIndexInformer<ImageDigestMirrorSet> idmsInformer;
    private SharedIndexInformer<ImageTagMirrorSet> itmsInformer;
    private volatile boolean started;
    /** The pending re-detection after a failure or a disagreement, and its delay; touched on the rebuild thread. */
    private ScheduledFuture<?> recheck;
    private Duration recheckDelay = RECHECK_MIN;

    public RegistryOverridesController(KubernetesClient client, Clock clock, Duration syncTimeout, MeterRegistry metrics) {
        this(client, clock, syncTimeout, metrics, new FabricDiscovery(client));
    }

    RegistryOverridesController(KubernetesClient client, Clock clock, Duration syncTimeout, MeterRegistry metrics,
            CapabilityDetector.Discovery discovery) {
        this.client = client;
        this.discovery = discovery;
        this.clock = clock;
        this.syncTimeout = syncTimeout;
        this.snapshot = new AtomicReference<>(new OverridesSnapshot(0, MirrorOverrides.empty(), List.of(),
                Capabilities.NONE, clock.instant()));
        Gauge.builder("hypershift_registry_overrides_sources", snapshot, s -> s.get().mirrors().size())
                .description("Sources in the mirror overrides built from the management cluster's ICSP/IDMS")
                .register(metrics);
        Gauge.builder("hypershift_registry_overrides_bytes", snapshot,
                        s -> s.get().mirrors().format().getBytes(StandardCharsets.UTF_8).length)
                .description("Bytes of the OPENSHIFT_IMG_OVERRIDES string")
                .register(metrics);
        Gauge.builder("hypershift_registry_overrides_tag_sources", snapshot, s -> s.get().tagMirrors().size())
                .description("Sources in the tag mirrors built from the management cluster's ImageTagMirrorSets")
                .register(metrics);
        Gauge.builder("hypershift_registry_overrides_policy_errors", snapshot, s -> s.get().errors().size())
                .description("Invalid ICSP/IDMS/ITMS entries found in the last rebuild")
                .register(metrics);
    }

    /** Detects, starts the watches, waits for them to sync (bounded), and builds the first snapshot. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        crdInformers.add(watchCrd(ICSP_CRD));
        crdInformers.add(watchCrd(IDMS_CRD));
        crdInformers.add(watchCrd(ITMS_CRD));
        runRebuild(this::reconcileCapabilities);
        LOG.info("registry overrides ready: {}; {} source(s), {} tag source(s)", snapshot.get().capabilities(),
                snapshot.get().mirrors().size(), snapshot.get().tagMirrors().size());
    }

    public OverridesSnapshot current() {
        return snapshot.get();
    }

    public void addListener(Consumer<OverridesSnapshot> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<OverridesSnapshot> listener) {
        listeners.remove(listener);
    }

    private SharedIndexInformer<CustomResourceDefinition> watchCrd(String name) {
        return client.apiextensions().v1().customResourceDefinitions().withName(name)
                .inform(handler(() -> submit(this::reconcileCapabilities)), 0);
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(Runnable onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.run();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (!Objects.equals(oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
                    onChange.run();
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.run();
            }
        };
    }

    /**
     * Runs {@code r} on the rebuild thread. A failure keeps the previous overrides and schedules a re-detection with
     * backoff: the event that caused it will not come again (a CRD that appeared during a discovery hiccup, say).
     */
    private void submit(Runnable r) {
        if (!rebuilds.isShutdown()) {
            rebuilds.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    // retried every minute at most while it lasts: the reason, not a stack trace each time
                    LOG.warn("rebuilding the registry overrides failed; keeping the previous ones, retrying in {}: {}",
                            recheckDelay, e.getMessage());
                    LOG.debug("rebuild failure", e);
                    scheduleRecheck();
                }
            });
        }
    }

    /** Schedules one re-detection (on the rebuild thread), unless one is pending; each one doubles the next delay. */
    private void scheduleRecheck() {
        if ((recheck != null && !recheck.isDone()) || rebuilds.isShutdown()) {
            return;
        }
        Duration delay = recheckDelay;
        recheckDelay = delay.multipliedBy(2).compareTo(RECHECK_MAX) > 0 ? RECHECK_MAX : delay.multipliedBy(2);
        try {
            recheck = rebuilds.schedule(() -> submit(this::reconcileCapabilities), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("not rechecking the mirror-policy APIs: shutting down");
        }
    }

    private void runRebuild(Runnable r) {
        try {
            rebuilds.submit(r).get(syncTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the registry overrides", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot build the registry overrides: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the registry overrides were not built within " + syncTimeout, e);
        }
    }

    /** Rediscovers the APIs, starts or stops the watches to match, and rebuilds. Runs on the rebuild thread. */
    private void reconcileCapabilities() {
        Capabilities caps = CapabilityDetector.detect(discovery);
        icspInformer = follow(caps.imageContentSourcePolicies(), icspInformer, ImageContentSourcePolicy.class);
        idmsInformer = follow(caps.imageDigestMirrorSets(), idmsInformer, ImageDigestMirrorSet.class);
        itmsInformer = follow(caps.imageTagMirrorSets(), itmsInformer, ImageTagMirrorSet.class);
        build(caps);
        if (agreesWithCrds(caps)) {
            recheckDelay = RECHECK_MIN;
        } else {
            LOG.debug("API discovery ({}) does not match the mirror-policy CRDs yet; rechecking in {}", caps, recheckDelay);
            scheduleRecheck();
        }
    }

    /**
     * The informer of one kind as the API's presence asks: started and synced (bounded) when the API is served and it
     * has none, closed when the API is gone. On failure the next attempt starts a fresh one.
     */
    private <T extends HasMetadata> SharedIndexInformer<T> follow(boolean served, SharedIndexInformer<T> informer,
            Class<T> kind) {
        if (served && informer == null) {
            SharedIndexInformer<T> started = client.resources(kind).runnableInformer(0);
            started.addEventHandler(handler(() -> submit(this::rebuild)));
            await(started, kind.getSimpleName());
            return started;
        }
        if (!served && informer != null) {
            informer.close();
            return null;
        }
        return informer;
    }

    /**
     * Whether discovery agrees with the watched CRDs: an Established CRD is served, and a served API has its CRD.
     * Discovery lags the CRD's own events by a moment, and no further event comes once it catches up.
     */
    private boolean agreesWithCrds(Capabilities caps) {
        List<SharedIndexInformer<CustomResourceDefinition>> crds = List.copyOf(crdInformers);
        return crds.size() < 3 || (caps.imageContentSourcePolicies() == established(crds.get(0))
                && caps.imageDigestMirrorSets() == established(crds.get(1))
                && caps.imageTagMirrorSets() == established(crds.get(2)));
    }

    private static boolean established(SharedIndexInformer<CustomResourceDefinition> informer) {
        return informer.getStore().list().stream().anyMatch(crd -> crd.getMetadata().getDeletionTimestamp() == null
                && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));
    }

    private void rebuild() {
        build(snapshot.get().capabilities());
    }

    private void await(SharedIndexInformer<?> informer, String kind) {
        try {
            informer.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing " + kind, e);
        } catch (Exception e) {
            informer.close();
            throw new IllegalStateException("cannot list " + kind + " within " + syncTimeout + ": " + e.getMessage(), e);
        }
    }

    private void build(Capabilities caps) {
        List<ImageDigestMirrorSet> idms = idmsInformer == null ? List.of() : idmsInformer.getStore().list();
        List<ImageContentSourcePolicy> icsp = icspInformer == null ? List.of() : icspInformer.getStore().list();
        List<ImageTagMirrorSet> itms = itmsInformer == null ? List.of() : itmsInformer.getStore().list();
        Policies policies = Policies.of(idms, icsp);
        itms.forEach(o -> policies.add(o, null));
        MirrorOverridesBuilder.Result result = MirrorOverridesBuilder.build(policies);
        MirrorOverridesBuilder.Result tags = MirrorOverridesBuilder.buildTagMirrors(policies);
        List<PolicyProblem> problems = new java.util.ArrayList<>(result.problems());
        problems.addAll(tags.problems());
        OverridesSnapshot previous = snapshot.get();
        if (previous.version() > 0 && previous.mirrors().equals(result.overrides())
                && previous.tagMirrors().equals(tags.overrides())
                && previous.problems().equals(problems) && previous.capabilities().equals(caps)) {
            return;
        }
        OverridesSnapshot next = new OverridesSnapshot(previous.version() + 1, result.overrides(), tags.overrides(),
                problems, caps, clock.instant());
        snapshot.set(next);
        for (PolicyProblem p : problems) {
            if (p.isError()) {
                LOG.warn("invalid mirror policy entry: {}", p.describe());
            } else {
                LOG.info("mirror policy: {}", p.describe());
            }
        }
        LOG.info("registry overrides v{}: {}; {} source(s), {} tag source(s), {} ICSP, {} IDMS, {} ITMS", next.version(),
                caps, next.mirrors().size(), next.tagMirrors().size(), icsp.size(), idms.size(), itms.size());
        listeners.forEach(l -> l.accept(next));
    }

    @Override
    public synchronized void close() {
        rebuilds.shutdownNow();
        crdInformers.forEach(SharedIndexInformer::close);
        crdInformers.clear();
        if (icspInformer != null) {
            icspInformer.close();
        }
        if (idmsInformer != null) {
            idmsInformer.close();
        }
        if (itmsInformer != null) {
            itmsInformer.close();
        }
    }
}
