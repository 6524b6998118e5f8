package io.hypershift.cpo.config;

import io.hypershift.api.ControlPlaneContract;
import io.hypershift.support.cli.RegistryAccessOptions;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.http.BindAddress;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.OverrideCodec;
import io.hypershift.support.registryoverride.ParseResult;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.registryoverride.TagOverridesEnv;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control-plane-operator's configuration, built from its flags and an env map (never {@code System.getenv} here).
 *
 * <ul>
 *   <li>{@code mirrors} come from {@code OPENSHIFT_IMG_OVERRIDES};</li>
 *   <li>{@code tagMirrors} from {@code OPENSHIFT_IMG_TAG_OVERRIDES} (absent: none), for tag references only;</li>
 *   <li>{@code registryOverrides} (RO) from {@code --registry-overrides}.</li>
 * </ul>
 * The release provider tries each mirror, then the RO target (SPEC §7), and places component pull specs accordingly.
 * Every piece the parser skipped in {@code OPENSHIFT_IMG_OVERRIDES} or the flag is in {@link #warnings()}, prefixed
 * with where it came from; none is fatal. {@code OPENSHIFT_IMG_TAG_OVERRIDES} is stricter
 * ({@link io.hypershift.support.registryoverride.TagOverridesEnv}).
 */
public record CpoOptions(String namespace, RegistryOverrides registryOverrides, MirrorOverrides mirrors,
        MirrorOverrides tagMirrors, List<String> warnings, Path kubeconfig, Optional<InetSocketAddress> metricsAddress,
        Optional<InetSocketAddress> healthAddress, RegistryClientOptions registryClient) {

    /** The raw flag values. */
    public record Flags(String namespace, String registryOverrides, Path kubeconfig, String metricsBindAddress,
            String healthProbeBindAddress, Path registryCaFile, List<String> insecureRegistries,
            RegistryClientOptions.Deadlines registryDeadlines) {
        /** With the default registry deadlines. */
        public Flags(String namespace, String registryOverrides, Path kubeconfig, String metricsBindAddress,
                String healthProbeBindAddress, Path registryCaFile, List<String> insecureRegistries) {
            this(namespace, registryOverrides, kubeconfig, metricsBindAddress, healthProbeBindAddress, registryCaFile,
                    insecureRegistries, RegistryClientOptions.Deadlines.defaults());
        }
    }

    public CpoOptions {
        warnings = List.copyOf(warnings);
    }

    public static CpoOptions build(Flags f, Map<String, String> env) {
        String namespace = f.namespace() != null && !f.namespace().isBlank() ? f.namespace()
                : env.get(ControlPlaneContract.ENV_POD_NAMESPACE);
        if (namespace == null || namespace.isBlank()) {
            throw new UserInputException("--namespace: required (the control-plane namespace; default: $"
                    + ControlPlaneContract.ENV_POD_NAMESPACE + ")");
        }
        List<String> warnings = new ArrayList<>();
        ParseResult<RegistryOverrides> ro = OverrideCodec.parseRegistryOverrides(f.registryOverrides());
        ro.warnings().forEach(w -> warnings.add(ControlPlaneContract.FLAG_REGISTRY_OVERRIDES + ": " + w));
        ParseResult<MirrorOverrides> mirrors = OverrideCodec.parseMirrors(env.get(ControlPlaneContract.ENV_IMG_OVERRIDES));
        mirrors.warnings().forEach(w -> warnings.add(ControlPlaneContract.ENV_IMG_OVERRIDES + ": " + w));
        MirrorOverrides tagMirrors = TagOverridesEnv.parse(env);
        return new CpoOptions(namespace, ro.value(), mirrors.value(), tagMirrors, warnings, f.kubeconfig(),
                BindAddress.parse(f.metricsBindAddress(), "--metrics-bind-address"),
                BindAddress.parse(f.healthProbeBindAddress(), "--health-probe-bind-address"),
                RegistryAccessOptions.clientOptions(RegistryAccessOptions.CA_FILE_FLAG, f.registryCaFile(),
                        f.insecureRegistries()).withDeadlines(f.registryDeadlines()));
    }
}
