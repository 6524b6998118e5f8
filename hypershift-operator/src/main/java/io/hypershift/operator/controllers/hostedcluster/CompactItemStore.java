package io.hypershift.operator.controllers.hostedcluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that keeps each object without its {@code metadata.managedFields}: the server-side apply
 * bookkeeping that nothing in this operator reads, and that was most of the heap with 1,000 HostedClusters (a tree of
 * maps per object; BENCHMARKS.md). Keyed by {@code namespace/name}, as the informers' default store.
 */
public final class CompactItemStore<V extends HasMetadata> extends BasicItemStore<V> {
    public CompactItemStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public V put(String key, V object) {
        if (object != null && object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        return super.put(key, object);
    }
}
