package io.hypershift.cpo.controllers.hostedcontrolplane;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.api.Conditions;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.HostedControlPlaneStatus;
import io.hypershift.cpo.components.ComponentDeployments;
import io.hypershift.cpo.components.ImageContentSourceConfigMap;
import io.fabric8.openshift.api.model.ImageStream;
import io.hypershift.support.catalogs.CatalogImageStream;
import io.hypershift.support.catalogs.CatalogImages;
import io.hypershift.support.conditions.StatusConditions;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.dataplane.DataPlaneMirrors;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reconciles the HostedControlPlane of the control-plane namespace:
 *
 * <ol>
 *   <li>the data-plane ConfigMap {@code ignition-config-40-image-content-source} follows {@code imageContentSources}
 *       (deleted when none is left), whatever happens to the release;</li>
 *   <li>the release is looked up through the mirrors then RO; on failure {@code ValidReleaseImage=False} says why and
 *       the component Deployments keep their last good state;</li>
 *   <li>the component Deployments are rendered from the release (component pull specs as the provider placed them:
 *       on the serving mirror, or moved by RO) and applied;</li>
 *   <li>the OLM catalog Deployments and Services follow the OLM annotations and placement ({@link OlmCatalogs},
 *       SPEC §9); invalid annotations set {@code ValidOLMCatalogOverrides=False} and leave the catalogs as they
 *       are;</li>
 *   <li>conditions ({@code ValidReleaseImage}, {@code ValidOLMCatalogOverrides}, {@code Available},
 *       {@code ReconciliationSucceeded}) carry
 *       {@code observedGeneration}; the status is patched only when it changed.</li>
 * </ol>
 * Skipped override pieces (bad env or flag) are a Warning event on each HostedControlPlane and a log line, once per
 * process. Invalid {@code imageContentSources} entries are a Warning event each time the set of problems changes.
 */
// generation-aware filtering would drop annotation changes (the OLM catalog overrides); the filter keeps the rest of it
@ControllerConfiguration(name = HostedControlPlaneReconciler.NAME, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrAnnotationsChanged.class))
public final class HostedControlPlaneReconciler implements Reconciler<HostedControlPlane> {
    public static final String NAME = "hostedcontrolplane";
    static final Duration RETRY_LOOKUP = Duration.ofSeconds(30);
    static final Duration WAIT_AVAILABLE = Duration.ofSeconds(30);
    static final Duration RESYNC = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(HostedControlPlaneReconciler.class);
    private static final String MANAGED_SELECTOR = ControlPlaneContract.MANAGED_BY_LABEL + "="
            + ControlPlaneContract.CONTROL_PLANE_OPERATOR;

    private final KubernetesClient client;
    private final List<String> overrideWarnings;
    private final ReleaseLookup releases;
    private final Applier applier;
    private final OlmCatalogs catalogs;
    private final Events events;
    private final Clock clock;
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> dataPlaneWarnings = new ConcurrentHashMap<>();

    HostedControlPlaneReconciler(KubernetesClient client, List<String> overrideWarnings, ReleaseLookup releases,
            CatalogImages catalogImages, RegistryOverrides registryOverrides, Events events, Clock clock) {
        this.client = client;
        this.overrideWarnings = List.copyOf(overrideWarnings);
        this.releases = releases;
        this.applier = new Applier(client);
        this.catalogs = new OlmCatalogs(client, applier, catalogImages, registryOverrides);
        this.events = events;
        this.clock = clock;
    }

    /**
     * The reconciler with its collaborators: release lookups through {@code releases}, OLM catalog discovery through
     * {@code catalogImages} (catalog images given by annotation are rewritten with {@code registryOverrides}), events
     * as {@code instance}.
     */
    public static HostedControlPlaneReconciler create(KubernetesClient client, List<String> overrideWarnings,
            io.hypershift.support.releaseinfo.ReleaseProvider releases, CatalogImages catalogImages,
            RegistryOverrides registryOverrides, io.micrometer.core.instrument.MeterRegistry registry, Clock clock,
            String instance) {
        return new HostedControlPlaneReconciler(client, overrideWarnings,
                new ReleaseLookup(client, releases, registry), catalogImages, registryOverrides,
                new Events(client, clock, instance), clock);
    }

    @Override
    public List<EventSource<?, HostedControlPlane>> prepareEventSources(EventSourceContext<HostedControlPlane> context) {
        List<EventSource<?, HostedControlPlane>> sources = new ArrayList<>();
        sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(Deployment.class, HostedControlPlane.class)
                .withLabelSelector(MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(HostedControlPlane.class, false))
                .build(), context));
        sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, HostedControlPlane.class)
                .withLabelSelector(MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(HostedControlPlane.class, false))
                .build(), context));
        // a change of the pull secret re-runs the lookup of every HostedControlPlane that names it
        sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, HostedControlPlane.class)
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                        .list(secret.getMetadata().getNamespace())
                        .filter(h -> secret.getMetadata().getName().equals(h.pullSecretName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build(), context));
        // where ImageStreams are served, the catalogs ImageStream the hypershift-operator writes re-runs the catalogs
        if (catalogs.imageStreamsServed()) {
            sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(ImageStream.class, HostedControlPlane.class)
                    .withSecondaryToPrimaryMapper(is -> CatalogImageStream.NAME.equals(is.getMetadata().getName())
                            ? context.getPrimaryCache().list(is.getMetadata().getNamespace())
                                    .map(ResourceID::fromResource).collect(Collectors.toSet())
                            : Set.of())
                    .build(), context));
        }
        return sources;
    }

    @Override
    public UpdateControl<HostedControlPlane> reconcile(HostedControlPlane hcp, Context<HostedControlPlane> context) {
        String ns = hcp.getMetadata().getNamespace();
        MDC.put("hostedControlPlane", ns + "/" + hcp.getMetadata().getName());
        try {
            announceOverrideWarnings(hcp);
            HostedControlPlaneStatus old = hcp.getStatus() == null ? new HostedControlPlaneStatus() : hcp.getStatus();
            StatusConditions conditions = new StatusConditions(old.getConditions(), hcp.getMetadata().getGeneration(), clock);
            HostedControlPlaneStatus status = new HostedControlPlaneStatus();
            status.setVersion(old.getVersion());
            status.setReleaseImage(old.getReleaseImage());

            reconcileDataPlaneConfig(hcp);

            ReleaseLookup.Outcome release = releases.lookup(hcp);
            boolean rendered = false;
            if (release.found()) {
                try {
                    for (Deployment d : ComponentDeployments.render(hcp, release.release())) {
                        applier.apply(d);
                    }
                    rendered = true;
                    status.setVersion(release.release().version());
                    status.setReleaseImage(release.release().servedBy());
                    conditions.set(Conditions.VALID_RELEASE_IMAGE, Conditions.TRUE, Conditions.AS_EXPECTED,
                            "release " + release.release().version() + " served by " + release.release().servedBy());
                } catch (ComponentDeployments.MissingComponentException e) {
                    conditions.set(Conditions.VALID_RELEASE_IMAGE, Conditions.FALSE, Conditions.INVALID_IMAGE,
                            Conditions.RELEASE_LOOKUP_MESSAGE_PREFIX + e.getMessage());
                }
            } else {
                LOG.warn("{}", release.message());
                conditions.set(Conditions.VALID_RELEASE_IMAGE, Conditions.FALSE, release.reason(), release.message());
            }
            OlmCatalogs.Outcome olm = catalogs.reconcile(hcp, release);
            conditions.set(Conditions.VALID_OLM_CATALOG_OVERRIDES, olm.status(), olm.reason(), olm.message());
            boolean available = setAvailable(hcp, conditions);
            if (olm.failure() != null) {
                conditions.set(Conditions.RECONCILIATION_SUCCEEDED, Conditions.FALSE, olm.failureReason(), olm.failure());
            } else {
                conditions.set(Conditions.RECONCILIATION_SUCCEEDED, Conditions.TRUE, Conditions.AS_EXPECTED, "");
            }
            status.setConditions(conditions.conditions());

            Duration next = !rendered || olm.failure() != null ? RETRY_LOOKUP : available ? RESYNC : WAIT_AVAILABLE;
            if (status.equals(old)) {
                return UpdateControl.<HostedControlPlane>noUpdate().rescheduleAfter(next);
            }
            return UpdateControl.patchStatus(withStatus(hcp, status)).rescheduleAfter(next);
        } finally {
            MDC.remove("hostedControlPlane");
        }
    }

    @Override
    public ErrorStatusUpdateControl<HostedControlPlane> updateErrorStatus(HostedControlPlane hcp,
            Context<HostedControlPlane> context, Exception e) {
        LOG.error("reconcile of HostedControlPlane {}/{} failed: {}", hcp.getMetadata().getNamespace(),
                hcp.getMetadata().getName(), e.toString());
        HostedControlPlaneStatus old = hcp.getStatus() == null ? new HostedControlPlaneStatus() : hcp.getStatus();
        StatusConditions conditions = new StatusConditions(old.getConditions(), hcp.getMetadata().getGeneration(), clock)
                .set(Conditions.RECONCILIATION_SUCCEEDED, Conditions.FALSE, Conditions.RECONCILIATION_ERROR,
                        String.valueOf(e.getMessage()));
        if (!conditions.changed()) {
            return ErrorStatusUpdateControl.defaultErrorProcessing();
        }
        HostedControlPlaneStatus status = client.getKubernetesSerialization().clone(old);
        status.setConditions(conditions.conditions());
        return ErrorStatusUpdateControl.patchStatus(withStatus(hcp, status));
    }

    private void reconcileDataPlaneConfig(HostedControlPlane hcp) {
        DataPlaneMirrors mirrors = DataPlaneMirrors.of(hcp);
        List<String> before = dataPlaneWarnings.put(hcp.getMetadata().getUid(), mirrors.warnings());
        if (!mirrors.warnings().isEmpty() && !Objects.equals(before, mirrors.warnings())) {
            mirrors.warnings().forEach(w -> LOG.warn("imageContentSources: {}", w));
            events.warning(hcp, "InvalidImageContentSources", String.join("; ", mirrors.warnings()));
        }
        ImageContentSourceConfigMap.render(hcp, mirrors).ifPresentOrElse(applier::apply,
                () -> applier.deleteIfManaged(ConfigMap.class, hcp.getMetadata().getNamespace(),
                        ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP));
    }

    /** {@code Available}: every component Deployment runs the current release's pods. */
    private boolean setAvailable(HostedControlPlane hcp, StatusConditions conditions) {
        List<String> waiting = new ArrayList<>();
        for (var c : io.hypershift.cpo.components.ComponentSpec.CONTROL_PLANE) {
            Deployment d = client.apps().deployments().inNamespace(hcp.getMetadata().getNamespace()).withName(c.name()).get();
            if (d == null) {
                waiting.add(c.name() + " (missing)");
                continue;
            }
            Map<String, String> a = d.getMetadata().getAnnotations();
            boolean current = a != null && Objects.equals(hcp.getSpec().getReleaseImage(),
                    a.get(ComponentDeployments.RELEASE_IMAGE_ANNOTATION));
            boolean ready = d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
                    && d.getStatus().getAvailableReplicas() > 0
                    && d.getStatus().getObservedGeneration() != null
                    && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration();
            if (!current) {
                waiting.add(c.name() + " (previous release)");
            } else if (!ready) {
                waiting.add(c.name() + " (no available replica)");
            }
        }
        if (waiting.isEmpty()) {
            conditions.set(Conditions.AVAILABLE, Conditions.TRUE, Conditions.AS_EXPECTED, "");
            return true;
        }
        conditions.set(Conditions.AVAILABLE, Conditions.FALSE, Conditions.WAITING,
                "waiting for " + String.join(", ", waiting));
        return false;
    }

    private void announceOverrideWarnings(HostedControlPlane hcp) {
        if (overrideWarnings.isEmpty() || !announced.add(hcp.getMetadata().getUid())) {
            return;
        }
        events.warning(hcp, Conditions.INVALID_REGISTRY_OVERRIDES, "skipped override pieces: "
                + String.join("; ", overrideWarnings));
    }

    /**
     * The status patch: a fresh object with only the name and the status. With server-side apply the whole object sent
     * would make this operator co-own the annotations and spec the hypershift-operator writes, and then an OLM
     * annotation removed from the HostedCluster would stay on the HostedControlPlane (its owner's apply no longer
     * removes it). Without server-side apply JOSDK takes only the status from it.
     */
    private static HostedControlPlane withStatus(HostedControlPlane hcp, HostedControlPlaneStatus status) {
        HostedControlPlane patch = new HostedControlPlane();
        patch.getMetadata().setName(hcp.getMetadata().getName());
        patch.getMetadata().setNamespace(hcp.getMetadata().getNamespace());
        patch.setStatus(status);
        return patch;
    }
}
