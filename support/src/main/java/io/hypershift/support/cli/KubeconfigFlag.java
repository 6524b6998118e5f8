package io.hypershift.support.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code --kubeconfig} flag of the three binaries: a file that is missing, unreadable or not a kubeconfig is bad
 * input naming the flag and the file (exit 2, no stack trace). No flag means the Kubernetes client's own search:
 * {@code $KUBECONFIG}, then {@code ~/.kube/config}, then the in-cluster service account; when none of them is there,
 * that is one line naming every place looked at (exit 2), not a connection attempt to {@code kubernetes.default.svc}
 * that ends in a stack trace.
 */
public final class KubeconfigFlag {
    /** Where a pod's service-account token is mounted. */
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private KubeconfigFlag() {}

    /**
     * @param kubeconfig the flag's value, or null
     * @param parse reads a kubeconfig's text (the Kubernetes client's parser); anything it throws is bad input
     * @param autoConfigure the client's own configuration search, used without the flag once something is there to find
     */
    public static <T> T load(Path kubeconfig, Function<String, T> parse, Supplier<T> autoConfigure) {
        return load(kubeconfig, parse, autoConfigure, System.getenv(), Path.of(System.getProperty("user.home")),
                SERVICE_ACCOUNT_TOKEN);
    }

    static <T> T load(Path kubeconfig, Function<String, T> parse, Supplier<T> autoConfigure, Map<String, String> env,
            Path home, Path serviceAccountToken) {
        if (kubeconfig == null) {
            List<String> looked = nothingToFind(env, home, serviceAccountToken);
            if (!looked.isEmpty()) {
                throw new UserInputException("no cluster to talk to: no --kubeconfig, " + String.join(", ", looked)
                        + "; pass --kubeconfig FILE");
            }
            return autoConfigure.get();
        }
        if (!Files.isRegularFile(kubeconfig)) {
            throw new UserInputException("--kubeconfig: " + kubeconfig + ": no such file");
        }
        String text;
        try {
            text = Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new UserInputException("--kubeconfig: " + kubeconfig + ": cannot read: " + e.getMessage());
        }
        try {
            return parse.apply(text);
        } catch (RuntimeException e) {
            throw new UserInputException("--kubeconfig: " + kubeconfig + ": not a kubeconfig: " + e.getMessage());
        }
    }

    /**
     * {@code client} once {@code check} (a cheap request, such as {@code /version}) answered; else the client is closed
     * and the failure propagates, so that an API server that cannot be reached is one line and exit 2
     * ({@link CommandLines}) before any informer starts and logs its own traces.
     */
    public static <C extends AutoCloseable> C reachable(C client, Consumer<C> check) {
        try {
            check.accept(client);
            return client;
        } catch (RuntimeException e) {
            try {
                client.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Empty when the client's search would find a configuration (a {@code $KUBECONFIG} file, {@code ~/.kube/config},
     * a pod's service account, or an explicit {@code KUBERNETES_MASTER}); else each place looked at, for the message.
     */
    private static List<String> nothingToFind(Map<String, String> env, Path home, Path serviceAccountToken) {
        List<String> looked = new ArrayList<>();
        String kubeconfigEnv = env.getOrDefault("KUBECONFIG", "").strip();
        if (!kubeconfigEnv.isEmpty()) {
            for (String f : kubeconfigEnv.split(File.pathSeparator)) {
                if (!f.isBlank() && Files.isRegularFile(Path.of(f))) {
                    return List.of();
                }
            }
            looked.add("no file of $KUBECONFIG (" + kubeconfigEnv + ") exists");
        } else {
            Path defaultFile = home.resolve(".kube").resolve("config");
            if (Files.isRegularFile(defaultFile)) {
                return List.of();
            }
            looked.add("$KUBECONFIG is unset, no " + defaultFile);
        }
        boolean inPod = !env.getOrDefault("KUBERNETES_SERVICE_HOST", "").isBlank();
        if (inPod && Files.isRegularFile(serviceAccountToken)) {
            return List.of();
        }
        if (!env.getOrDefault("KUBERNETES_MASTER", "").isBlank()) {
            return List.of();
        }
        looked.add(inPod ? "no service-account token at " + serviceAccountToken
                : "not in a pod (KUBERNETES_SERVICE_HOST is unset)");
        return looked;
    }
}
