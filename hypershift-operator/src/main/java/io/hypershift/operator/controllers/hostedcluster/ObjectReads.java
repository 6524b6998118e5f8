package io.hypershift.operator.controllers.hostedcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Optional;

/**
 * How one reconcile reads the objects it writes: from the caches of the informers that already watch them (selected
 * by the managed-by label), not with a GET per object. A reconcile of an unchanged control plane then costs no API
 * request at all, which is what keeps an IDMS edit cheap with a thousand HostedClusters.
 *
 * <p>What this reconcile writes is handed back to the informer ({@link #written}) as a recent change: a read right
 * after it sees the new object even before the watch delivers it, and the watch event of this operator's own write
 * does not start another reconcile (java-operator-sdk's temporary resource cache). A kind with no informer here
 * (the OLM ImageStream) is read with a GET, as is everything when no informers are given.
 */
final class ObjectReads {
    /** The informers of {@link HostedClusterReconciler#prepareEventSources}, by the kind they cache. */
    static final Map<Class<? extends HasMetadata>, String> INFORMERS = Map.of(
            Deployment.class, "deployment",
            HostedControlPlane.class, "hostedcontrolplane",
            Namespace.class, "namespace",
            Secret.class, "secret",
            ConfigMap.class, "configmap",
            Service.class, "service",
            ServiceAccount.class, "serviceaccount",
            Role.class, "role",
            RoleBinding.class, "rolebinding");
    /** The informer of the Secrets in the HostedClusters' namespaces. */
    static final String PULL_SECRETS = "pullsecret";

    private final KubernetesClient client;
    private final EventSourceRetriever<HostedCluster> sources;
    private final ResourceID primary;

    private ObjectReads(KubernetesClient client, EventSourceRetriever<HostedCluster> sources, ResourceID primary) {
        this.client = client;
        this.sources = sources;
        this.primary = primary;
    }

    /** Reads from the informers of a running controller, for the reconcile of {@code hc}. */
    static ObjectReads cached(KubernetesClient client, EventSourceRetriever<HostedCluster> sources, HostedCluster hc) {
        return new ObjectReads(client, sources, ResourceID.fromResource(hc));
    }

    /** Reads with a GET each: where no informer runs. */
    static ObjectReads live(KubernetesClient client) {
        return new ObjectReads(client, null, null);
    }

    /** The object as the API server has it (as far as the watch knows), or {@code null}. */
    @SuppressWarnings("unchecked")
    <R extends HasMetadata> R get(R like) {
        return (R) get(like.getClass(), like.getMetadata().getNamespace(), like.getMetadata().getName());
    }

    /** The object {@code namespace/name} of {@code type}, or {@code null}. */
    <R extends HasMetadata> R get(Class<R> type, String namespace, String name) {
        return get(type, INFORMERS.get(type), namespace, name);
    }

    /**
     * A Secret of the HostedClusters' own namespaces (a pull secret), from the informer that watches them all, or
     * {@code null}.
     */
    Secret clusterNamespaceSecret(String namespace, String name) {
        return get(Secret.class, PULL_SECRETS, namespace, name);
    }

    /** From the informer called {@code informerName} when there is one, else with a GET. */
    private <R extends HasMetadata> R get(Class<R> type, String informerName, String namespace, String name) {
        Optional<InformerEventSource<R, HostedCluster>> informer = informer(type, informerName);
        if (informer.isPresent()) {
            return informer.get().get(new ResourceID(name, namespace)).orElse(null);
        }
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    /** This reconcile wrote {@code written} over {@code previous} (null: created it). */
    @SuppressWarnings("unchecked")
    <R extends HasMetadata> void written(R previous, R written) {
        if (written == null) {
            return;
        }
        Class<R> type = (Class<R>) written.getClass();
        informer(type, INFORMERS.get(type)).ifPresent(i -> {
            if (previous == null) {
                i.handleRecentResourceCreate(primary, written);
            } else {
                i.handleRecentResourceUpdate(primary, written, previous);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> Optional<InformerEventSource<R, HostedCluster>> informer(Class<R> type,
            String name) {
        if (sources == null || name == null) {
            return Optional.empty();
        }
        return Optional.of((InformerEventSource<R, HostedCluster>) sources.getEventSourceFor(type, name));
    }
}
