package io.hypershift.cpo.controllers.hostedcontrolplane;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hypershift.api.ControlPlaneContract;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core/v1 events about an object, as client-go's event recorder writes them (the CPO's Role grants {@code events}
 * in the core group). A failure to record one is logged, never fatal.
 */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

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
        String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(regarding.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli())
                            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000)))
                    .withNamespace(regarding.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(regarding.getApiVersion()).withKind(regarding.getKind())
                        .withName(regarding.getMetadata().getName())
                        .withNamespace(regarding.getMetadata().getNamespace())
                        .withUid(regarding.getMetadata().getUid()).build())
                .withType("Warning")
                .withReason(reason)
                .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .withNewSource().withComponent(ControlPlaneContract.CONTROL_PLANE_OPERATOR).withHost(instance).endSource()
                .withReportingComponent(ControlPlaneContract.CONTROL_PLANE_OPERATOR)
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
