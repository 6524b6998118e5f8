package io.hypershift.ignition.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.ignition.server.ControlPlaneSnapshot;
import io.hypershift.ignition.server.ControlPlaneSource;
import io.hypershift.ignition.server.TokenStore;
import io.hypershift.support.dataplane.DataPlaneMirrors;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the control-plane namespace: its Secrets (the labelled token Secrets feed the {@link TokenStore}, so a
 * rotation needs no restart; the pull secret is read from the same cache) and its HostedControlPlane (release image,
 * {@code imageContentSources}, the NeverContactSource annotation).
 */
public final class ControlPlaneWatch implements ControlPlaneSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneWatch.class);
    private static final long RESYNC_MILLIS = 10 * 60 * 1000L;

    private final KubernetesClient client;
    private final String namespace;
    private final TokenStore tokens;
    private final AtomicReference<List<String>> lastWarnings = new AtomicReference<>(List.of());
    private SharedIndexInformer<Secret> secrets;
    private SharedIndexInformer<HostedControlPlane> controlPlanes;

    public ControlPlaneWatch(KubernetesClient client, String namespace, TokenStore tokens) {
        this.client = client;
        this.namespace = namespace;
        this.tokens = tokens;
    }

    /** Starts both informers and returns once their first list is in (an error, e.g. RBAC, is thrown). */
    public ControlPlaneWatch start() {
        secrets = client.secrets().inNamespace(namespace).inform(new SecretHandler(), RESYNC_MILLIS);
        controlPlanes = client.resources(HostedControlPlane.class).inNamespace(namespace).inform();
        LOG.info("watching namespace {}: {} token(s) accepted", namespace, tokens.size());
        return this;
    }

    public boolean isSynced() {
        return secrets != null && secrets.hasSynced() && controlPlanes != null && controlPlanes.hasSynced();
    }

    @Override
    public ControlPlaneSnapshot snapshot() throws NotReadyException {
        if (!isSynced()) {
            throw new NotReadyException("the caches of namespace " + namespace + " are not synced yet");
        }
        List<HostedControlPlane> hcps = controlPlanes.getStore().list().stream()
                .sorted(Comparator.comparing(h -> h.getMetadata().getName())).toList();
        if (hcps.isEmpty()) {
            throw new NotReadyException("no HostedControlPlane in namespace " + namespace);
        }
        HostedControlPlane hcp = hcps.get(0);
        String where = "HostedControlPlane " + namespace + "/" + hcp.getMetadata().getName();
        if (hcps.size() > 1) {
            LOG.warn("{} HostedControlPlanes in namespace {}; serving {}", hcps.size(), namespace, where);
        }
        String release = hcp.getSpec() == null ? null : hcp.getSpec().getReleaseImage();
        if (release == null || release.isBlank()) {
            throw new NotReadyException(where + ": spec.releaseImage is empty");
        }
        String secretName = hcp.pullSecretName();
        String source = "Secret " + namespace + "/" + secretName + " key " + ControlPlaneContract.PULL_SECRET_KEY;
        Secret pull = secrets.getStore().getByKey(namespace + "/" + secretName);
        if (pull == null) {
            throw new NotReadyException(where + ": pull secret " + source + " not found");
        }
        byte[] pullSecret = bytes(pull, ControlPlaneContract.PULL_SECRET_KEY);
        if (pullSecret == null) {
            throw new NotReadyException(source + ": key missing or not valid base64");
        }
        DataPlaneMirrors mirrors = DataPlaneMirrors.of(hcp);
        List<String> previous = lastWarnings.getAndSet(mirrors.warnings());
        if (!Objects.equals(previous, mirrors.warnings())) {
            mirrors.warnings().forEach(w -> LOG.warn("{}: {}", where, w));
        }
        return new ControlPlaneSnapshot(release, pullSecret, source, mirrors);
    }

    private static byte[] bytes(Secret s, String key) {
        if (s.getData() == null || s.getData().get(key) == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s.getData().get(key));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isToken(Secret s) {
        Map<String, String> labels = s.getMetadata().getLabels();
        return labels != null && "true".equals(labels.get(Annotations.IGNITION_TOKEN_SECRET_LABEL));
    }

    @Override
    public void close() {
        if (secrets != null) {
            secrets.close();
        }
        if (controlPlanes != null) {
            controlPlanes.close();
        }
    }

    private final class SecretHandler implements ResourceEventHandler<Secret> {
        @Override
        public void onAdd(Secret s) {
            if (isToken(s)) {
                tokens.put(s);
            }
        }

        @Override
        public void onUpdate(Secret old, Secret s) {
            if (Objects.equals(old.getMetadata().getResourceVersion(), s.getMetadata().getResourceVersion())) {
                return; // a resync: nothing changed
            }
            if (isToken(s)) {
                tokens.put(s);
            } else if (isToken(old)) {
                tokens.remove(s.getMetadata().getName());
            }
        }

        @Override
        public void onDelete(Secret s, boolean deletedFinalStateUnknown) {
            tokens.remove(s.getMetadata().getName());
        }
    }
}
