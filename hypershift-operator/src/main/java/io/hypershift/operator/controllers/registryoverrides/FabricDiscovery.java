package io.hypershift.operator.controllers.registryoverrides;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;

/** {@link CapabilityDetector.Discovery} through the fabric8 client: {@code GET /apis/<group>/<version>}. */
public final class FabricDiscovery implements CapabilityDetector.Discovery {
    private final KubernetesClient client;

    public FabricDiscovery(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<List<APIResource>> resources(String groupVersion) {
        try {
            APIResourceList list = client.getApiResources(groupVersion);
            return list == null ? Optional.empty() : Optional.of(list.getResources() == null ? List.of() : list.getResources());
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return Optional.empty();
            }
            throw new CapabilityDetector.DiscoveryException("discovery of " + groupVersion + " failed: " + e.getMessage(), e);
        }
    }
}
