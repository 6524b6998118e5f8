package io.hypershift.operator.controllers.hostedcluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hypershift.api.Annotations;
import io.hypershift.api.Conditions;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedClusterStatus;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.operator.components.ComponentImages;
import io.hypershift.operator.components.ComponentOptions;
import io.hypershift.operator.components.ControlPlaneInputs;
import io.hypershift.operator.components.ControlPlaneModel;
import io.hypershift.operator.components.ControlPlaneObjects;
import io.hypershift.operator.components.ManagementMirrors;
import io.hypershift.operator.components.ObjectMetadata;
import io.hypershift.operator.components.PropagatedOverrides;
import io.hypershift.operator.components.ignitionserver.SecretMaterial;
import io.hypershift.operator.controllers.registryoverrides.OverridesEventSource;
import io.hypershift.operator.controllers.registryoverrides.OverridesSnapshot;
import io.hypershift.operator.controllers.registryoverrides.RegistryOverridesController;
import io.hypershift.operator.propagation.Finding;
import io.hypershift.operator.propagation.PropagationCheck;
import io.hypershift.operator.release.CachingReleaseProviders;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reconciles a HostedCluster into its control-plane namespace (SPEC §7). It orchestrates and derives status; the
 * objects come from the pure {@link ControlPlaneModel}, the same code {@code render} uses.
 *
 * <ol>
 *   <li>Reads the pull secret and looks the release up through the mirror-aware provider ({@code ValidReleaseImage}).
 *       An invalid release blocks the rollout, as in HyperShift; a missing pull secret does not.</li>
 *   <li>Writes the namespace, pull-secret copy, HostedControlPlane, RBAC, Service and Secrets, then the two
 *       Deployments, unless an override string would exceed MAX_ARG_STRLEN.</li>
 *   <li>Compares what the Deployments really carry with the current strings ({@code RegistryOverridesPropagated}), so
 *       a failure half-way always shows as a condition, and patches the status only when it changed.</li>
 * </ol>
 */
// generation-aware filtering would drop annotation changes (the OLM catalog overrides); the filter keeps the rest of it
@ControllerConfiguration(name = HostedClusterReconciler.NAME, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrAnnotationsChanged.class, itemStore = CompactItemStore.class),
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public final class HostedClusterReconciler implements Reconciler<HostedCluster>, Cleaner<HostedCluster> {
    public static final String NAME = "hostedcluster";
    static final Duration WAIT_NAMESPACE = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(HostedClusterReconciler.class);
    private static final String SELECTOR = ControlPlaneContract.MANAGED_BY_LABEL + "=" + ControlPlaneContract.MANAGED_BY_VALUE;

    private final RegistryOverridesController overrides;
    private final CachingReleaseProviders releaseProviders;
    private final RegistryOverrides registryOverrides;
    private final ComponentOptions components;
    private final SecretMaterial secretMaterial;
    private final PropagationMetrics metrics;
    private final OlmCatalogs catalogs;
    private final Clock clock;
    private final RetryBackoff backoff;
    /** The status this operator last wrote (or tried to) for each HostedCluster; forgotten at deletion. */
    private final Map<String, HostedClusterStatus> statusWritten = new java.util.concurrent.ConcurrentHashMap<>();

    public HostedClusterReconciler(RegistryOverridesController overrides, CachingReleaseProviders releaseProviders,
            RegistryOverrides registryOverrides, ComponentOptions components, SecretMaterial secretMaterial,
            PropagationMetrics metrics, OlmCatalogs catalogs, Clock clock) {
        this.overrides = overrides;
        this.releaseProviders = releaseProviders;
        this.registryOverrides = registryOverrides;
        this.components = components;
        this.secretMaterial = secretMaterial;
        this.metrics = metrics;
        this.catalogs = catalogs;
        this.clock = clock;
        this.backoff = new RetryBackoff(clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public List<EventSource<?, HostedCluster>> prepareEventSources(EventSourceContext<HostedCluster> context) {
        List<EventSource<?, HostedCluster>> sources = new java.util.ArrayList<>();
        sources.add(new OverridesEventSource(overrides, context.getPrimaryCache()));
        ObjectReads.INFORMERS.forEach((type, name) -> sources.add(informer(context, type, name)));
        sources.add(pullSecrets(context));
        return sources;
    }

    /**
     * Watches the Secrets in the HostedClusters' namespaces, so that a pull secret created, fixed or rotated is acted
     * on at once (the copy in the control-plane namespace, {@code ValidReleaseImage}) rather than at the next retry or
     * resync. A Secret maps to the HostedClusters of its namespace that name it in {@code spec.pullSecret.name}.
     */
    private static InformerEventSource<Secret, HostedCluster> pullSecrets(EventSourceContext<HostedCluster> context) {
        SecondaryToPrimaryMapper<Secret> toClusters = s -> context.getPrimaryCache()
                .list(s.getMetadata().getNamespace(), hc -> hc.getSpec() != null && hc.getSpec().getPullSecret() != null
                        && s.getMetadata().getName().equals(hc.getSpec().getPullSecret().getName()))
                .map(ResourceID::fromResource)
                .collect(java.util.stream.Collectors.toSet());
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, HostedCluster.class)
                .withName(ObjectReads.PULL_SECRETS)
                .withItemStore(new CompactItemStore<>())
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(toClusters)
                .build(), context);
    }

    /**
     * Watches the objects this operator writes (selected by label) and maps them back by annotation: a hand edit or a
     * deletion brings a reconcile, and the reconcile reads them from this cache ({@link ObjectReads}).
     */
    private static <R extends HasMetadata> InformerEventSource<R, HostedCluster> informer(
            EventSourceContext<HostedCluster> context, Class<R> type, String name) {
        SecondaryToPrimaryMapper<R> toCluster = r -> {
            String key = r.getMetadata().getAnnotations() == null ? null
                    : r.getMetadata().getAnnotations().get(Annotations.HOSTED_CLUSTER);
            int slash = key == null ? -1 : key.indexOf('/');
            return slash <= 0 ? Set.of() : Set.of(new ResourceID(key.substring(slash + 1), key.substring(0, slash)));
        };
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, HostedCluster.class)
                .withName(name)
                .withItemStore(new CompactItemStore<>())
                .withLabelSelector(SELECTOR)
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(toCluster)
                .build(), context);
    }

    @Override
    public UpdateControl<HostedCluster> reconcile(HostedCluster hc, Context<HostedCluster> context) {
        String key = ObjectMetadata.clusterKey(hc);
        MDC.put("hostedcluster", key);
        try {
            ObjectReads reads = ObjectReads.cached(context.getClient(), context.eventSourceRetriever(), hc);
            return reconcile(hc, context.getClient(), applier(context, reads), reads);
        } finally {
            MDC.remove("hostedcluster");
        }
    }

    private static ObjectApplier applier(Context<HostedCluster> context, ObjectReads reads) {
        boolean ssa = context.getControllerConfiguration().getConfigurationService()
                .ssaBasedCreateUpdateMatchForDependentResources();
        return new ObjectApplier(context.getClient(), ssa, reads);
    }

    UpdateControl<HostedCluster> reconcile(HostedCluster hc, KubernetesClient client, ObjectApplier applier,
            ObjectReads reads) {
        boolean mirrorsIgnored = ManagementMirrors.ignored(hc);
        OverridesSnapshot snapshot = mirrorsIgnored ? overrides.current().withoutMirrors() : overrides.current();
        LOG.debug("reconciling with registry overrides v{}{}", snapshot.version(),
                mirrorsIgnored ? " (the management cluster's mirrors are ignored)" : "");
        PullSecretResult pullSecret = new PullSecrets(reads::clusterNamespaceSecret).read(hc);
        ReleaseCheck release = ReleaseCheck.of(hc.getSpec().getRelease().getImage(), pullSecret,
                releaseProviders.forOverrides(snapshot.mirrors(), snapshot.tagMirrors()));
        PropagatedOverrides strings = PropagatedOverrides.of(snapshot.mirrors(), snapshot.tagMirrors(), registryOverrides);
        List<String> oversized = strings.oversized();
        Rollout rollout = rollout(hc, reads, applier, snapshot, pullSecret, release, oversized);

        Optional<Deployment> cpo = rollout.deployment(0).or(() -> get(reads, hc, ControlPlaneContract.CONTROL_PLANE_OPERATOR));
        Optional<Deployment> ign = rollout.deployment(1).or(() -> get(reads, hc, ControlPlaneContract.IGNITION_SERVER));
        List<Finding> findings = PropagationCheck.check(cpo, ign, strings);
        PropagationStatus propagation = PropagationStatus.of(findings, snapshot, oversized, rollout.notWrittenBecause(),
                mirrorsIgnored);
        if (PropagationCheck.allOk(findings)) {
            metrics.propagated(ObjectMetadata.clusterKey(hc), snapshot);
        }

        OlmCatalogs.Result olm = catalogs.reconcile(hc, client, applier, snapshot.mirrors(), snapshot.tagMirrors(), release,
                pullSecret);
        HostedClusterStatus status = HostedClusterStatusUpdate.apply(hc, release, propagation, olm, rollout.error(), clock);
        String key = ObjectMetadata.clusterKey(hc);
        HostedClusterStatus attempted = statusWritten.get(key);
        // the cached HostedCluster can be older than this operator's last status write (whose event a restarting
        // API server may deliver late, or whose answer was lost): what was last written counts too, so that a
        // status that changed back is written again instead of being taken as current
        if (!status.equals(hc.getStatus()) || (attempted != null && !status.equals(attempted))) {
            try {
                statusWritten.put(key, status);
                writeStatus(client, hc, status);
            } catch (KubernetesClientException e) {
                if (e.getCode() != java.net.HttpURLConnection.HTTP_CONFLICT) {
                    throw e; // the outcome is unknown: the status may have been written
                }
                // certainly not written: the status written before still stands, and must not be taken as replaced
                if (attempted == null) {
                    statusWritten.remove(key);
                } else {
                    statusWritten.put(key, attempted);
                }
                // the HostedCluster changed since it was read: its own event brings a fresh reconcile
                LOG.debug("status not written (conflict); reconciling again");
                return UpdateControl.<HostedCluster>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
            }
            HostedClusterStatusUpdate.report(hc, status, new EventRecorder(client, clock));
        }
        return retry(hc, snapshot, pullSecret, release, rollout, olm);
    }

    private Rollout rollout(HostedCluster hc, ObjectReads reads, ObjectApplier applier, OverridesSnapshot snapshot,
            PullSecretResult pullSecret, ReleaseCheck release, List<String> oversized) {
        if (release.blocksRollout()) {
            LOG.info("release image is invalid; the control plane is not rolled out: {}", release.message());
            return Rollout.notWritten("ValidReleaseImage is False (" + release.reason() + ")");
        }
        String cpns = hc.controlPlaneNamespace();
        ControlPlaneObjects objects;
        try {
            Optional<Secret> token = secret(reads, cpns, ControlPlaneContract.IGNITION_TOKEN_SECRET);
            Optional<Secret> cert = secret(reads, cpns, ControlPlaneContract.IGNITION_SERVING_CERT_SECRET);
            objects = ControlPlaneModel.render(new ControlPlaneInputs(hc, snapshot.mirrors(), snapshot.tagMirrors(), registryOverrides,
                    release.release(), pullSecret.ok() ? pullSecret.bytes() : null, components, token, cert),
                    secretMaterial, clock.instant());
        } catch (ComponentImages.MissingImageException e) {
            return Rollout.failed(e.getMessage());
        }
        try {
            for (HasMetadata o : objects.prerequisites()) {
                applier.apply(o);
            }
            if (!oversized.isEmpty()) {
                return Rollout.notWritten("the overrides are too large");
            }
            Deployment cpo = applier.apply(objects.controlPlaneOperator());
            Deployment ign = applier.apply(objects.ignitionServer());
            return Rollout.written(cpo, ign);
        } catch (KubernetesClientException e) {
            String msg = e.getStatus() == null
                    ? "writing the control plane failed: no answer from the API server (" + rootCause(e) + ")"
                    : "writing the control plane failed: HTTP " + e.getCode() + " " + e.getStatus().getReason();
            LOG.warn("{}{}", msg, e.getStatus() == null ? "" : " (" + e.getStatus().getMessage() + ")");
            return Rollout.failed(msg);
        }
    }

    /** The innermost cause, as {@code Class: message}, for a failure that got no HTTP answer. */
    private static String rootCause(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 16 && t.getCause() != null; i++) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /**
     * Replaces the status subresource (PUT, with the resourceVersion this reconcile read: a concurrent change gives
     * a conflict, and JOSDK retries with the fresh object). Written here rather than through
     * {@code UpdateControl.patchStatus}, whose JSON-patch form fails on a stored object without status where the
     * backend has no server-side apply; a replace behaves the same on every backend.
     */
    private static void writeStatus(KubernetesClient client, HostedCluster hc, HostedClusterStatus status) {
        HostedCluster copy = new HostedCluster();
        copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(hc.getMetadata()).build());
        copy.setSpec(hc.getSpec());
        copy.setStatus(status);
        client.resource(copy).updateStatus();
    }

    private static Optional<Secret> secret(ObjectReads reads, String ns, String name) {
        return Optional.ofNullable(reads.get(Secret.class, ns, name));
    }

    private static Optional<Deployment> get(ObjectReads reads, HostedCluster hc, String name) {
        return Optional.ofNullable(reads.get(Deployment.class, hc.controlPlaneNamespace(), name));
    }

    /**
     * A failure is looked at again after a backoff ({@link RetryBackoff}: from about 2 s, growing, capped at 15 s for
     * a failed write, 30 s for the pull secret, 60 s for a lookup); an edit of the HostedCluster, its pull secret or
     * the mirror policies brings a reconcile at once by its event and starts the backoff afresh.
     */
    private UpdateControl<HostedCluster> retry(HostedCluster hc, OverridesSnapshot snapshot, PullSecretResult pullSecret,
            ReleaseCheck release, Rollout rollout, OlmCatalogs.Result olm) {
        String key = ObjectMetadata.clusterKey(hc);
        RetryBackoff.Kind kind = rollout.error() != null ? RetryBackoff.Kind.WRITE
                : !pullSecret.ok() ? RetryBackoff.Kind.PULL_SECRET
                : !release.valid() || olm.failure() != null ? RetryBackoff.Kind.LOOKUP
                : null;
        if (kind == null) {
            backoff.succeeded(key);
            return UpdateControl.noUpdate();
        }
        long inputs = java.util.Objects.hash(hc.getMetadata().getGeneration(), hc.getMetadata().getAnnotations(),
                java.util.Arrays.hashCode(pullSecret.bytes()), pullSecret.reason(), snapshot.version());
        return UpdateControl.<HostedCluster>noUpdate().rescheduleAfter(backoff.failed(key, kind, inputs));
    }

    /**
     * Deletes the HostedControlPlane, then the control-plane namespace (only when it is this cluster's), and keeps
     * the finalizer until the namespace is gone.
     */
    @Override
    public DeleteControl cleanup(HostedCluster hc, Context<HostedCluster> context) {
        KubernetesClient client = context.getClient();
        String cpns = hc.controlPlaneNamespace();
        metrics.forget(ObjectMetadata.clusterKey(hc));
        backoff.forget(ObjectMetadata.clusterKey(hc));
        statusWritten.remove(ObjectMetadata.clusterKey(hc));
        Namespace ns = client.namespaces().withName(cpns).get();
        if (ns == null) {
            LOG.info("control-plane namespace {} is gone; removing the finalizer of {}", cpns, ObjectMetadata.clusterKey(hc));
            return DeleteControl.defaultDelete();
        }
        String owner = ns.getMetadata().getAnnotations() == null ? null
                : ns.getMetadata().getAnnotations().get(Annotations.HOSTED_CLUSTER);
        if (!ObjectMetadata.clusterKey(hc).equals(owner)) {
            LOG.warn("namespace {} is not this HostedCluster's (annotation {}={}); leaving it", cpns, Annotations.HOSTED_CLUSTER, owner);
            return DeleteControl.defaultDelete();
        }
        client.resources(HostedControlPlane.class).inNamespace(cpns).withName(hc.getMetadata().getName()).delete();
        if (ns.getMetadata().getDeletionTimestamp() == null) {
            LOG.info("deleting control-plane namespace {}", cpns);
            client.namespaces().withName(cpns).delete();
        }
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(WAIT_NAMESPACE);
    }

    /** What the write phase did: the Deployments as written, or why they were not. */
    record Rollout(List<Deployment> deployments, String notWrittenBecause, String error) {
        static Rollout written(Deployment cpo, Deployment ign) {
            return new Rollout(List.of(cpo, ign), null, null);
        }

        static Rollout notWritten(String why) {
            return new Rollout(List.of(), why, null);
        }

        static Rollout failed(String error) {
            return new Rollout(List.of(), error, error);
        }

        Optional<Deployment> deployment(int i) {
            return deployments.size() > i ? Optional.ofNullable(deployments.get(i)) : Optional.empty();
        }
    }
}
