package io.hypershift.operator.components;

import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.manifests.ManagementManifests;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.MirrorOverridesBuilder;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseInfoJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inputs of the examples/ demo, as the golden fixtures use them. */
public final class ExampleInputs {
    public static final Path EXAMPLES = Path.of("..", "examples");

    private ExampleInputs() {}

    public static HostedCluster hostedCluster() {
        return ManagementManifests.readHostedCluster(EXAMPLES.resolve("hostedcluster.yaml"));
    }

    public static MirrorOverrides mirrors() {
        return MirrorOverridesBuilder.build(ManagementManifests.readPolicies(List.of(EXAMPLES), n -> { })).overrides();
    }

    public static ReleaseImage release() {
        return ReleaseInfoJson.read(EXAMPLES.resolve("release-info.json"));
    }

    public static byte[] pullSecret() {
        try {
            return Files.readAllBytes(EXAMPLES.resolve("pull-secret.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ControlPlaneInputs inputs(RegistryOverrides ro) {
        return new ControlPlaneInputs(hostedCluster(), mirrors(), ro, release(), pullSecret(), ComponentOptions.FROM_RELEASE,
                Optional.empty(), Optional.empty());
    }

    public static RegistryOverrides sampleRegistryOverrides() {
        return RegistryOverrides.of(Map.of("registry.redhat.io/multicluster-engine", "registry.local:5000/mce"));
    }
}
