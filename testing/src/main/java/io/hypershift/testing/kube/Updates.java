package io.hypershift.testing.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A test's change to an object that an operator under test writes too. */
public final class Updates {
    static final int ATTEMPTS = 10;

    private Updates() {}

    /**
     * Reads the object, applies {@code change} and updates it at the read {@code resourceVersion}; when the operator
     * wrote in between (409), reads and tries again, at most {@value #ATTEMPTS} times.
     */
    public static <T extends HasMetadata> void retryOnConflict(KubernetesClient client, Supplier<T> read,
            Consumer<T> change) {
        for (int attempt = 1; ; attempt++) {
            T object = read.get();
            change.accept(object);
            try {
                client.resource(object).update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
