package io.hypershift.support.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code --kubeconfig} flag of the three binaries: a file that is missing, unreadable or not a kubeconfig is bad
 * input naming the flag and the file (exit 2, no stack trace); no flag means the in-cluster configuration.
 */
public final class KubeconfigFlag {
    private KubeconfigFlag() {}

    /**
     * @param kubeconfig the flag's value, or null
     * @param parse reads a kubeconfig's text (the Kubernetes client's parser); anything it throws is bad input
     * @param inCluster the configuration to use without the flag
     */
    public static <T> T load(Path kubeconfig, Function<String, T> parse, Supplier<T> inCluster) {
        if (kubeconfig == null) {
            return inCluster.get();
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
}
