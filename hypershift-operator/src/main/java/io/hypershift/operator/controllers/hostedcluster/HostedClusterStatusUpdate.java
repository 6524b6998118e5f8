package io.hypershift.operator.controllers.hostedcluster;

import io.fabric8.kubernetes.api.model.Condition;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.ClusterVersionStatus;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedClusterStatus;
import io.hypershift.api.v1beta1.ReleaseStatus;
import io.hypershift.support.conditions.StatusConditions;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The HostedCluster's next status from one reconcile's outcomes (pure): the conditions of this operator with
 * {@code metav1.Condition} semantics, and the desired release version once it is known.
 */
public final class HostedClusterStatusUpdate {
    /** Conditions whose transitions to False are also reported as Warning events. */
    static final List<String> WARN_ON = List.of(Conditions.REGISTRY_OVERRIDES_PROPAGATED, Conditions.VALID_RELEASE_IMAGE,
            Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.VALID_DATA_PLANE_MIRRORS);

    private HostedClusterStatusUpdate() {}

    public static HostedClusterStatus apply(HostedCluster hc, ReleaseCheck release, PropagationStatus propagation,
            String error, Clock clock) {
        return apply(hc, release, propagation, null, error, clock);
    }

    /**
     * @param olm the OLM catalog outcome ({@code ValidOLMCatalogOverrides}; a catalog failure makes
     *     {@code ReconciliationSucceeded} False when nothing else did), or null to leave that condition out
     */
    public static HostedClusterStatus apply(HostedCluster hc, ReleaseCheck release, PropagationStatus propagation,
            OlmCatalogs.Result olm, String error, Clock clock) {
        HostedClusterStatus old = hc.getStatus() == null ? new HostedClusterStatus() : hc.getStatus();
        Long generation = hc.getMetadata().getGeneration();
        StatusConditions c = new StatusConditions(old.getConditions(), generation, clock);
        c.set(Conditions.VALID_RELEASE_IMAGE, release.valid() ? Conditions.TRUE : Conditions.FALSE, release.reason(),
                release.message());
        c.set(Conditions.REGISTRY_OVERRIDES_PROPAGATED, propagation.status(), propagation.reason(), propagation.message());
        DataPlaneMirrorsCheck.Result dataPlane = DataPlaneMirrorsCheck.check(hc);
        c.set(Conditions.VALID_DATA_PLANE_MIRRORS, dataPlane.status(), dataPlane.reason(), dataPlane.message());
        if (olm != null) {
            c.set(Conditions.VALID_OLM_CATALOG_OVERRIDES, olm.status(), olm.reason(), olm.message());
            if (error == null && olm.failure() != null && !release.blocksRollout()) {
                error = olm.failure();
            }
        }
        if (error != null) {
            c.set(Conditions.RECONCILIATION_SUCCEEDED, Conditions.FALSE, Conditions.RECONCILIATION_ERROR, error);
        } else if (release.blocksRollout()) {
            c.set(Conditions.RECONCILIATION_SUCCEEDED, Conditions.FALSE, Conditions.RECONCILIATION_ERROR,
                    "reconciliation is blocked: the release image is invalid");
        } else {
            c.set(Conditions.RECONCILIATION_SUCCEEDED, Conditions.TRUE, Conditions.AS_EXPECTED,
                    "Reconciliation completed successfully");
        }
        HostedClusterStatus next = new HostedClusterStatus();
        next.setConditions(c.conditions());
        next.setVersion(old.getVersion());
        if (release.valid()) {
            ReleaseStatus desired = new ReleaseStatus(release.release().version(), hc.getSpec().getRelease().getImage(),
                    release.release().servedBy());
            next.setVersion(new ClusterVersionStatus(desired, generation));
        }
        return next;
    }

    /**
     * Records a Warning event for each condition in {@link #WARN_ON} that turned False or changed while False, and for
     * {@code ValidDataPlaneMirrors} warnings that appeared or changed.
     */
    public static void report(HostedCluster hc, HostedClusterStatus next, EventRecorder events) {
        List<Condition> before = hc.getStatus() == null ? List.of() : hc.getStatus().getConditions();
        for (String type : WARN_ON) {
            Optional<Condition> now = find(next.getConditions(), type);
            if (now.isEmpty() || !(Conditions.FALSE.equals(now.get().getStatus())
                    || Conditions.DATA_PLANE_MIRROR_WARNINGS.equals(now.get().getReason()))) {
                continue;
            }
            Optional<Condition> was = find(before, type);
            boolean transition = was.isEmpty()
                    || !Objects.equals(was.get().getStatus(), now.get().getStatus())
                    || !Objects.equals(was.get().getReason(), now.get().getReason())
                    || !Objects.equals(was.get().getMessage(), now.get().getMessage());
            if (transition) {
                events.warning(hc, now.get().getReason(), now.get().getMessage());
            }
        }
    }

    private static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty() : conditions.stream().filter(x -> type.equals(x.getType())).findFirst();
    }
}
