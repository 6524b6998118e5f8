package io.hypershift.operator.controllers.registryoverrides;

import io.hypershift.api.v1beta1.HostedCluster;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A JOSDK event source that re-reconciles every HostedCluster when the mirror overrides change (Beyond HyperShift:
 * HyperShift only reads them again at the next reconcile).
 */
public final class OverridesEventSource extends AbstractEventSource<Void, HostedCluster> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OverridesEventSource.class);
    public static final String NAME = "registry-overrides";

    private final RegistryOverridesController overrides;
    private final IndexerResourceCache<HostedCluster> primaries;
    private final Consumer<OverridesSnapshot> listener = this::onChange;

    public OverridesEventSource(RegistryOverridesController overrides, IndexerResourceCache<HostedCluster> primaries) {
        super(Void.class, NAME);
        this.overrides = overrides;
        this.primaries = primaries;
    }

    @Override
    public void start() {
        overrides.addListener(listener);
        super.start();
    }

    @Override
    public void stop() {
        overrides.removeListener(listener);
        super.stop();
    }

    private void onChange(OverridesSnapshot snapshot) {
        if (!isRunning()) {
            return;
        }
        var all = primaries.list().toList();
        LOG.debug("registry overrides v{}: re-reconciling {} HostedCluster(s)", snapshot.version(), all.size());
        all.forEach(hc -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(hc))));
    }

    @Override
    public Set<Void> getSecondaryResources(HostedCluster primary) {
        return Set.of();
    }
}
