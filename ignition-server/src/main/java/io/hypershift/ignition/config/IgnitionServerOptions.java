package io.hypershift.ignition.config;

import io.hypershift.api.ControlPlaneContract;
import io.hypershift.support.cli.RegistryAccessOptions;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.http.BindAddress;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.OverrideCodec;
import io.hypershift.support.registryoverride.ParseResult;
import io.hypershift.support.registryoverride.TagOverridesEnv;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ignition-server's configuration, built from its flags and an env map (never {@code System.getenv} here).
 *
 * <p>The translation overrides are {@code OPENSHIFT_IMG_OVERRIDES} (the mirror overrides) followed by every
 * {@code source=target} piece of {@code --registry-overrides} (the mirror overrides again, then RO, SPEC §7), so each
 * source lists its mirrors first and its RO target after them. Every skipped piece is a warning. The tag mirrors are
 * {@code OPENSHIFT_IMG_TAG_OVERRIDES} (absent: none), tried first for tag references only; a piece of it that does not
 * parse is an error ({@link TagOverridesEnv}).
 */
public record IgnitionServerOptions(String namespace, Path certFile, Path keyFile, InetSocketAddress httpsAddress,
        Optional<InetSocketAddress> metricsAddress, Optional<InetSocketAddress> healthAddress, Path kubeconfig,
        MirrorOverrides translationOverrides, MirrorOverrides tagMirrors, List<String> warnings,
        List<String> nodeComponents, Duration payloadCacheTtl, RegistryClientOptions registryClient) {

    /** Without tag mirrors. */
    public IgnitionServerOptions(String namespace, Path certFile, Path keyFile, InetSocketAddress httpsAddress,
            Optional<InetSocketAddress> metricsAddress, Optional<InetSocketAddress> healthAddress, Path kubeconfig,
            MirrorOverrides translationOverrides, List<String> warnings, List<String> nodeComponents,
            Duration payloadCacheTtl, RegistryClientOptions registryClient) {
        this(namespace, certFile, keyFile, httpsAddress, metricsAddress, healthAddress, kubeconfig, translationOverrides,
                MirrorOverrides.empty(), warnings, nodeComponents, payloadCacheTtl, registryClient);
    }

    /** The raw flag values. */
    public record Flags(String namespace, Path certFile, Path keyFile, String registryOverrides, String address, int port,
            String metricsBindAddress, String healthProbeBindAddress, Path kubeconfig, List<String> nodeComponents,
            Duration payloadCacheTtl, Path registryCaFile, List<String> insecureRegistries,
            RegistryClientOptions.Deadlines registryDeadlines) {
        /** With the default registry deadlines. */
        public Flags(String namespace, Path certFile, Path keyFile, String registryOverrides, String address,
                int port, String metricsBindAddress, String healthProbeBindAddress, Path kubeconfig,
                List<String> nodeComponents, Duration payloadCacheTtl, Path registryCaFile,
                List<String> insecureRegistries) {
            this(namespace, certFile, keyFile, registryOverrides, address, port, metricsBindAddress,
                    healthProbeBindAddress, kubeconfig, nodeComponents, payloadCacheTtl, registryCaFile,
                    insecureRegistries, RegistryClientOptions.Deadlines.defaults());
        }
    }

    public IgnitionServerOptions {
        warnings = List.copyOf(warnings);
        nodeComponents = List.copyOf(nodeComponents);
    }

    public static IgnitionServerOptions build(Flags f, Map<String, String> env) {
        String namespace = f.namespace() != null && !f.namespace().isBlank() ? f.namespace()
                : env.get(ControlPlaneContract.ENV_POD_NAMESPACE);
        if (namespace == null || namespace.isBlank()) {
            throw new UserInputException("--namespace: required (the control-plane namespace; default: $"
                    + ControlPlaneContract.ENV_POD_NAMESPACE + ")");
        }
        if (f.port() < 0 || f.port() > 65535) {
            throw new UserInputException("--port: " + f.port() + " is out of range");
        }
        if (f.nodeComponents().isEmpty()) {
            throw new UserInputException("--node-components: at least one release component is needed");
        }
        if (f.payloadCacheTtl().isNegative()) {
            throw new UserInputException("--payload-cache-ttl: must not be negative");
        }
        List<String> warnings = new ArrayList<>();
        ParseResult<MirrorOverrides> fromEnv = OverrideCodec.parseMirrors(env.get(ControlPlaneContract.ENV_IMG_OVERRIDES));
        fromEnv.warnings().forEach(w -> warnings.add(ControlPlaneContract.ENV_IMG_OVERRIDES + ": " + w));
        ParseResult<MirrorOverrides> fromFlag = OverrideCodec.parseMirrors(f.registryOverrides());
        fromFlag.warnings().forEach(w -> warnings.add(ControlPlaneContract.FLAG_REGISTRY_OVERRIDES + ": " + w));
        MirrorOverrides tagMirrors = TagOverridesEnv.parse(env);
        MirrorOverrides.Builder b = fromEnv.value().toBuilder();
        fromFlag.value().asMap().forEach((source, mirrors) -> mirrors.forEach(m -> b.add(source, m)));
        InetSocketAddress https = f.address() == null || f.address().isBlank() ? new InetSocketAddress(f.port())
                : new InetSocketAddress(f.address(), f.port());
        return new IgnitionServerOptions(namespace, f.certFile(), f.keyFile(), https,
                BindAddress.parse(f.metricsBindAddress(), "--metrics-bind-address"),
                BindAddress.parse(f.healthProbeBindAddress(), "--health-probe-bind-address"), f.kubeconfig(),
                b.build(), tagMirrors, warnings, f.nodeComponents(), f.payloadCacheTtl(),
                RegistryAccessOptions.clientOptions(RegistryAccessOptions.CA_FILE_FLAG, f.registryCaFile(),
                        f.insecureRegistries()).withDeadlines(f.registryDeadlines()));
    }

    /**
     * The translation overrides in their string form (a cache-key part and a log line), followed by the tag mirrors
     * when there are any.
     */
    public String overridesString() {
        return translationOverrides.format() + (tagMirrors.isEmpty() ? "" : " tags:" + tagMirrors.format());
    }
}
