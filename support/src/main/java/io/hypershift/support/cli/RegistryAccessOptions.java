package io.hypershift.support.cli;

import io.hypershift.support.registry.RegistryClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * How every long-running command reaches registries: {@code --registry-ca-file FILE} (extra PEM CAs, trusted on top of
 * the JVM's) and {@code --insecure-registry HOST} (repeatable; plain HTTP or an unverified certificate for that
 * {@code host[:port]} only), {@code --registry-request-timeout} and {@code --registry-lookup-timeout} (total deadlines,
 * however steadily a registry sends). A picocli mixin ({@code @Mixin RegistryAccessOptions registry;}) shared by the
 * hypershift-operator's {@code run} and {@code render}, the control-plane-operator and the ignition-server;
 * {@code release-info} spells the CA flag {@code --ca-file} and validates it with {@link #clientOptions(String, Path,
 * Collection)} too.
 */
public final class RegistryAccessOptions {
    public static final String CA_FILE_FLAG = "--registry-ca-file";
    public static final String INSECURE_FLAG = "--insecure-registry";
    public static final String REQUEST_TIMEOUT_FLAG = "--registry-request-timeout";
    public static final String LOOKUP_TIMEOUT_FLAG = "--registry-lookup-timeout";

    @Option(names = CA_FILE_FLAG, paramLabel = "FILE",
            description = "Extra PEM CA certificates trusted for registries, on top of the JVM's.")
    Path caFile;

    @Option(names = INSECURE_FLAG, paramLabel = "HOST",
            description = "A registry host[:port] that may use plain HTTP or an unverified certificate (repeatable).")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = REQUEST_TIMEOUT_FLAG, paramLabel = "DURATION", defaultValue = "PT60S",
            description = "The most one registry request may take, retries, redirects and body included (ISO-8601, "
                    + "default: ${DEFAULT-VALUE}).")
    Duration requestTimeout = RegistryClientOptions.Deadlines.DEFAULT_REQUEST;

    @Option(names = LOOKUP_TIMEOUT_FLAG, paramLabel = "DURATION", defaultValue = "PT120S",
            description = "The most one release or image lookup may take over all its mirrors, the source and their "
                    + "retries (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration lookupTimeout = RegistryClientOptions.Deadlines.DEFAULT_LOOKUP;

    /** The CA file as given, or null. */
    public Path caFile() {
        return caFile;
    }

    /** The insecure registries as given. */
    public List<String> insecureRegistries() {
        return List.copyOf(insecureRegistries);
    }

    /**
     * The request and lookup deadlines as given.
     *
     * @throws UserInputException naming the flag when one is not positive
     */
    public RegistryClientOptions.Deadlines deadlines() {
        return deadlines(requestTimeout, lookupTimeout);
    }

    static RegistryClientOptions.Deadlines deadlines(Duration request, Duration lookup) {
        if (request == null || request.isNegative() || request.isZero()) {
            throw new UserInputException(REQUEST_TIMEOUT_FLAG + ": must be positive, got " + request);
        }
        if (lookup == null || lookup.isNegative() || lookup.isZero()) {
            throw new UserInputException(LOOKUP_TIMEOUT_FLAG + ": must be positive, got " + lookup);
        }
        return new RegistryClientOptions.Deadlines(request, lookup);
    }

    /** {@link #clientOptions(String, Path, Collection)} for these flags, with their deadlines. */
    public RegistryClientOptions clientOptions() {
        return clientOptions(CA_FILE_FLAG, caFile, insecureRegistries).withDeadlines(deadlines());
    }

    /**
     * Validated registry client options: TLS verified against the JVM's CAs plus {@code caFile} (may be null), plain
     * HTTP or an unverified certificate only for {@code insecureHosts}.
     *
     * @param caFlag the flag that named {@code caFile}, for the error message
     * @throws UserInputException naming the flag when the CA file is missing, unreadable or holds no PEM certificate,
     *     or when an insecure registry is not a {@code host[:port]}
     */
    public static RegistryClientOptions clientOptions(String caFlag, Path caFile, Collection<String> insecureHosts) {
        if (caFile != null && !Files.isRegularFile(caFile)) {
            throw new UserInputException(caFlag + " " + caFile + ": no such file");
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : insecureHosts == null ? List.<String>of() : insecureHosts) {
            String host = h == null ? "" : h.strip();
            if (host.isEmpty() || host.contains("/") || host.contains("@") || host.chars().anyMatch(Character::isWhitespace)) {
                throw new UserInputException(INSECURE_FLAG + ": \"" + h + "\" is not a registry host[:port] "
                        + "(no scheme, path or credentials)");
            }
            hosts.add(host);
        }
        RegistryClientOptions options = RegistryClientOptions.defaults().withCaBundle(caFile).withInsecureHosts(hosts);
        try {
            return options.checkCaBundle();
        } catch (IllegalArgumentException e) {
            throw new UserInputException(caFlag + " " + e.getMessage(), e);
        }
    }
}
