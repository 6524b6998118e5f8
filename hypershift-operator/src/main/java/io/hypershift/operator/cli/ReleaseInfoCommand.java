package io.hypershift.operator.cli;

import io.hypershift.support.cli.RegistryAccessOptions;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.InvalidPullSecretException;
import io.hypershift.support.registry.Platform;
import io.hypershift.support.registry.RegistryClient;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.OverrideCodec;
import io.hypershift.support.registryoverride.ParseResult;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.RegistryLookups;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseInfoJson;
import io.hypershift.support.releaseinfo.ReleaseLookupException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code release-info}: looks a release image up the way the operator does (SPEC §6): through the mirrors, then the RO
 * map, with a pull secret and TLS options. Prints the version, the pull spec that served it, and the components after
 * the overrides; {@code --output json} is the input of {@code render --release-image-info}.
 */
@Command(name = "release-info", mixinStandardHelpOptions = true,
        description = "Look up a release image through the mirror and registry overrides, and print its version, the "
                + "pull spec that served it, and its component images after the overrides.",
        footer = {"", "Exit codes: 0 found, 1 not found through any candidate (each one is listed on stderr), 2 bad input."})
public final class ReleaseInfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--image", required = true, paramLabel = "REF", description = "The release pull spec.")
    String image;

    @CommandLine.ArgGroup(exclusive = true)
    MirrorSource mirrors;

    static final class MirrorSource {
        @Option(names = "--mirror-overrides", paramLabel = "VALUE",
                description = "Mirror overrides in the OPENSHIFT_IMG_OVERRIDES format (source=mirror,...).")
        String overrides;

        @Option(names = "--mirror-config", paramLabel = "FILE", arity = "1..*",
                description = "ICSP/IDMS/ITMS manifests instead (these can carry NeverContactSource; ITMS mirrors "
                        + "come first, for a release named by tag only); repeatable.")
        List<Path> manifests;
    }

    @Option(names = "--registry-overrides", paramLabel = "VALUE", description = "RO map: source=target,... (repeatable).")
    List<String> registryOverrides = List.of();

    @Option(names = "--pull-secret", paramLabel = "FILE", description = "A docker config.json with registry credentials.")
    Path pullSecret;

    @Option(names = {"--ca-file", RegistryAccessOptions.CA_FILE_FLAG}, paramLabel = "FILE",
            description = "Extra CA certificates (PEM) to trust for registries, on top of the JVM's.")
    Path caFile;

    @Option(names = RegistryAccessOptions.INSECURE_FLAG, paramLabel = "HOST",
            description = "A registry (host[:port]) to reach without TLS verification, or over plain HTTP; repeatable.")
    List<String> insecureRegistries = List.of();

    @Option(names = "--platform", paramLabel = "OS/ARCH", defaultValue = "linux/amd64",
            description = "The platform to read from a multi-arch release (default ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--output", defaultValue = "text", description = "text or json. Valid: ${COMPLETION-CANDIDATES}.")
    Output output;

    enum Output { text, json }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--image: " + e.getMessage(), e);
        }
        OverridesCommand.FromFiles mirrorOverrides = mirrorOverrides(err);
        ParseResult<RegistryOverrides> ro = OverrideCodec.parseRegistryOverrides(registryOverrides);
        OverridesCommand.warnAll(err, "--registry-overrides", ro.warnings());
        Platform p;
        try {
            p = Platform.parse(platform);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--platform: " + e.getMessage());
        }
        RegistryLookups lookups = RegistryLookups.builder()
                .mirrorOverrides(mirrorOverrides.mirrors())
                .tagMirrorOverrides(mirrorOverrides.tagMirrors())
                .registryOverrides(ro.value())
                .client(client())
                .platform(p)
                .build();
        ReleaseImage release;
        try {
            release = lookups.releaseProvider().lookup(image, readPullSecret());
        } catch (ReleaseLookupException e) {
            err.println(spec.root().name() + ": error: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (output == Output.json) {
            out.println(ReleaseInfoJson.write(release));
        } else {
            printText(out, release);
        }
        out.flush();
        return 0;
    }

    private OverridesCommand.FromFiles mirrorOverrides(PrintWriter err) {
        if (mirrors == null) {
            return new OverridesCommand.FromFiles(MirrorOverrides.empty(), MirrorOverrides.empty());
        }
        if (mirrors.overrides != null) {
            ParseResult<MirrorOverrides> r = OverrideCodec.parseMirrors(mirrors.overrides);
            OverridesCommand.warnAll(err, "--mirror-overrides", r.warnings());
            return new OverridesCommand.FromFiles(r.value(), MirrorOverrides.empty());
        }
        return OverridesCommand.fromManifests(mirrors.manifests, err, true);
    }

    private RegistryClient client() {
        return new RegistryClient(RegistryAccessOptions.clientOptions("--ca-file", caFile, insecureRegistries));
    }

    private DockerConfig readPullSecret() {
        if (pullSecret == null) {
            return DockerConfig.empty();
        }
        try {
            return DockerConfig.parse(Files.readAllBytes(pullSecret), "--pull-secret " + pullSecret);
        } catch (NoSuchFileException e) {
            throw new UserInputException("--pull-secret " + pullSecret + ": no such file");
        } catch (IOException e) {
            throw new UserInputException("--pull-secret " + pullSecret + ": cannot read: " + e.getMessage());
        } catch (InvalidPullSecretException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private static void printText(PrintWriter out, ReleaseImage r) {
        out.println("version:    " + r.version());
        out.println("image:      " + r.image());
        out.println("served by:  " + r.servedBy());
        out.println("digest:     " + r.digest());
        out.println("components: " + r.componentImages().size());
        int width = r.componentImages().keySet().stream().mapToInt(String::length).max().orElse(0);
        r.componentImages().forEach((name, pullSpec) ->
                out.println("  " + name + " ".repeat(width - name.length() + 2) + pullSpec));
    }
}
