package io.hypershift.operator.config;

import io.hypershift.operator.components.ComponentOptions;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.registryoverride.OverrideCodec;
import io.hypershift.support.registryoverride.ParseResult;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code hypershift-operator run}, immutable, built from the flags and a map of the environment
 * (never {@code System.getenv} here).
 *
 * @param kubeconfig {@code null} for the in-cluster (or default kubeconfig) configuration
 * @param namespace the one namespace to watch for HostedClusters, or {@code null} for all
 * @param leaseNamespace where the leader-election Lease lives ({@code POD_NAMESPACE}, else the watched namespace,
 *     else {@value #DEFAULT_OPERATOR_NAMESPACE})
 * @param identity this instance's leader-election identity ({@code POD_NAME}, else {@code HOSTNAME})
 * @param metricsAddress {@code null} when disabled
 * @param healthAddress {@code null} when disabled
 * @param warnings skipped pieces of {@code --registry-overrides}, to log at start-up
 */
public record OperatorOptions(Path kubeconfig, String namespace, RegistryOverrides registryOverrides,
        InetSocketAddress metricsAddress, InetSocketAddress healthAddress, boolean leaderElect, String leaseNamespace,
        String identity, ComponentOptions components, List<String> warnings) {

    public static final String DEFAULT_OPERATOR_NAMESPACE = "hypershift";
    public static final String LEASE_NAME = "hypershift-operator-leader-elect";

    /** The flags as given; {@code null} for unset. */
    public record Flags(Path kubeconfig, String namespace, List<String> registryOverrides, String metricsBindAddress,
            String healthProbeBindAddress, boolean leaderElect, String controlPlaneOperatorImage,
            String ignitionServerImage) {}

    public static OperatorOptions build(Flags flags, Map<String, String> env) {
        ParseResult<RegistryOverrides> ro = OverrideCodec.parseRegistryOverrides(
                flags.registryOverrides() == null ? List.of() : flags.registryOverrides());
        String ns = blankToNull(flags.namespace());
        String leaseNs = Optional.ofNullable(blankToNull(env.get("POD_NAMESPACE")))
                .or(() -> Optional.ofNullable(ns)).orElse(DEFAULT_OPERATOR_NAMESPACE);
        String identity = Optional.ofNullable(blankToNull(env.get("POD_NAME")))
                .or(() -> Optional.ofNullable(blankToNull(env.get("HOSTNAME")))).orElse(null);
        return new OperatorOptions(flags.kubeconfig(), ns, ro.value(),
                address("--metrics-bind-address", flags.metricsBindAddress() == null ? ":8080" : flags.metricsBindAddress()),
                address("--health-probe-bind-address",
                        flags.healthProbeBindAddress() == null ? ":8081" : flags.healthProbeBindAddress()),
                flags.leaderElect(), leaseNs, identity,
                new ComponentOptions(blankToNull(flags.controlPlaneOperatorImage()), blankToNull(flags.ignitionServerImage())),
                ro.warnings());
    }

    /**
     * {@code :8080}, {@code 0.0.0.0:8080}, {@code 127.0.0.1:0} (a free port), {@code [::1]:8080}; {@code 0} alone
     * disables the server ({@code null}).
     */
    public static InetSocketAddress address(String flag, String value) {
        String v = value.strip();
        if (v.equals("0")) {
            return null;
        }
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new UserInputException(flag + ": \"" + value + "\" is not [host]:port");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UserInputException(flag + ": \"" + value + "\" has no valid port");
        }
        if (port < 0 || port > 65535) {
            throw new UserInputException(flag + ": port " + port + " is out of range");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
