package io.hypershift.operator.config;

import io.hypershift.operator.components.ComponentOptions;
import io.hypershift.support.cli.RegistryAccessOptions;
import io.hypershift.support.http.BindAddress;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.OverrideCodec;
import io.hypershift.support.registryoverride.ParseResult;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * @param registryClient how release lookups reach registries ({@code --registry-ca-file}, {@code --insecure-registry})
 * @param warnings skipped pieces of {@code --registry-overrides}, to log at start-up
 */
public record OperatorOptions(Path kubeconfig, String namespace, RegistryOverrides registryOverrides,
        InetSocketAddress metricsAddress, InetSocketAddress healthAddress, boolean leaderElect, String leaseNamespace,
        String identity, ComponentOptions components, RegistryClientOptions registryClient, List<String> warnings) {

    public static final String DEFAULT_OPERATOR_NAMESPACE = "hypershift";
    public static final String LEASE_NAME = "hypershift-operator-leader-elect";

    /** The flags as given; {@code null} for unset. */
    public record Flags(Path kubeconfig, String namespace, List<String> registryOverrides, String metricsBindAddress,
            String healthProbeBindAddress, boolean leaderElect, String controlPlaneOperatorImage,
            String ignitionServerImage, Path registryCaFile, List<String> insecureRegistries,
            RegistryClientOptions.Deadlines registryDeadlines) {
        /** With the default registry deadlines. */
        public Flags(Path kubeconfig, String namespace, List<String> registryOverrides, String metricsBindAddress,
                String healthProbeBindAddress, boolean leaderElect, String controlPlaneOperatorImage,
                String ignitionServerImage, Path registryCaFile, List<String> insecureRegistries) {
            this(kubeconfig, namespace, registryOverrides, metricsBindAddress, healthProbeBindAddress, leaderElect,
                    controlPlaneOperatorImage, ignitionServerImage, registryCaFile, insecureRegistries,
                    RegistryClientOptions.Deadlines.defaults());
        }
    }

    public static OperatorOptions build(Flags flags, Map<String, String> env) {
        ParseResult<RegistryOverrides> ro = OverrideCodec.parseRegistryOverrides(
                flags.registryOverrides() == null ? List.of() : flags.registryOverrides());
        String ns = blankToNull(flags.namespace());
        String leaseNs = Optional.ofNullable(blankToNull(env.get("POD_NAMESPACE")))
                .or(() -> Optional.ofNullable(ns)).orElse(DEFAULT_OPERATOR_NAMESPACE);
        String identity = Optional.ofNullable(blankToNull(env.get("POD_NAME")))
                .or(() -> Optional.ofNullable(blankToNull(env.get("HOSTNAME")))).orElse(null);
        RegistryClientOptions registryClient = RegistryAccessOptions.clientOptions(RegistryAccessOptions.CA_FILE_FLAG,
                flags.registryCaFile(), flags.insecureRegistries()).withDeadlines(flags.registryDeadlines());
        return new OperatorOptions(flags.kubeconfig(), ns, ro.value(),
                address("--metrics-bind-address", flags.metricsBindAddress(), ":8080"),
                address("--health-probe-bind-address", flags.healthProbeBindAddress(), ":8081"),
                flags.leaderElect(), leaseNs, identity,
                new ComponentOptions(blankToNull(flags.controlPlaneOperatorImage()), blankToNull(flags.ignitionServerImage()),
                        pemText(registryClient.caBundle())),
                registryClient, ro.warnings());
    }

    /** The CA bundle's text, passed on to the control planes; it was read and checked as PEM already. */
    private static String pemText(Path caBundle) {
        if (caBundle == null) {
            return null;
        }
        try {
            return Files.readString(caBundle, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(RegistryAccessOptions.CA_FILE_FLAG + " " + caBundle + ": " + e.getMessage(), e);
        }
    }

    /** {@link BindAddress}: {@code [host]:port}, or {@code 0} to disable (then {@code null}). */
    private static InetSocketAddress address(String flag, String value, String defaultValue) {
        return BindAddress.parse(value == null ? defaultValue : value, flag).orElse(null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
