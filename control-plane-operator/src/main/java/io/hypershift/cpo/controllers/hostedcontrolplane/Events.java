package io.hypershift.cpo.controllers.hostedcontrolplane;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hypershift.api.ControlPlaneContract;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes events ({@code events.k8s.io/v1}) about an object. A failure to record one is logged, never fatal. */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    private final KubernetesClient client;
    private final Clock clock;
    private final String instance;

    Events(KubernetesClient client, Clock clock, String instance) {
        this.client = client;
        this.clock = clock;
        this.instance = instance;
    }

    void warning(HasMetadata regarding, String reason, String message) {
        Instant now = clock.instant();
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(regarding.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli())
                            + Integer.toHexString((int) (Math.random() * 0xffff)))
                    .withNamespace(regarding.getMetadata().getNamespace())
                .endMetadata()
                .withRegarding(new ObjectReferenceBuilder()
                        .withApiVersion(regarding.getApiVersion()).withKind(regarding.getKind())
                        .withName(regarding.getMetadata().getName())
                        .withNamespace(regarding.getMetadata().getNamespace())
                        .withUid(regarding.getMetadata().getUid()).build())
                .withType("Warning")
                .withReason(reason)
                .withAction("Reconcile")
                .withNote(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                .withEventTime(new MicroTime(MICRO.format(now)))
                .withReportingController("hypershift.openshift.io/" + ControlPlaneContract.CONTROL_PLANE_OPERATOR)
                .withReportingInstance(instance)
                .build();
        try {
            client.resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("could not record event {} on {}/{}: {}", reason, regarding.getMetadata().getNamespace(),
                    regarding.getMetadata().getName(), e.getMessage());
        }
    }
}
