package io.hypershift.operator.cli;

import io.hypershift.operator.install.InstallManifests;
import io.hypershift.operator.output.ObjectOutput;
import io.hypershift.support.cli.CommandGroup;
import io.hypershift.support.registry.RegistryClientOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code install}: the operator's own manifests. */
@Command(name = "install", mixinStandardHelpOptions = true, description = "The operator's installation manifests.",
        subcommands = InstallCommand.Render.class)
public final class InstallCommand extends CommandGroup {
    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Print the CRDs, Namespace, ServiceAccount, least-privilege ClusterRole and binding, and the "
                    + "operator Deployment, as a YAML stream (pipe it to kubectl apply -f -).")
    static final class Render implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--namespace", defaultValue = "hypershift", description = "Default: ${DEFAULT-VALUE}.")
        String namespace;

        @Option(names = "--image", defaultValue = "hypershift-operator:latest", description = "Default: ${DEFAULT-VALUE}.")
        String image;

        @Option(names = "--control-plane-operator-image", paramLabel = "IMAGE")
        String controlPlaneOperatorImage;

        @Option(names = "--ignition-server-image", paramLabel = "IMAGE")
        String ignitionServerImage;

        @Option(names = "--registry-overrides", paramLabel = "VALUE")
        List<String> registryOverrides = List.of();

        @Option(names = "--additional-trust-bundle", paramLabel = "FILE",
                description = "PEM CAs of the mirror registries: rendered as a ConfigMap the operator reads with "
                        + "--registry-ca-file, and hands on to each control plane.")
        Path additionalTrustBundle;

        @Option(names = "--image-pull-secret", paramLabel = "NAME",
                description = "A Secret in the namespace that the operator's image is pulled with (create it first).")
        String imagePullSecret;

        @Override
        public void run() {
            List<String> args = new ArrayList<>();
            if (controlPlaneOperatorImage != null) {
                args.add("--control-plane-operator-image=" + controlPlaneOperatorImage);
            }
            if (ignitionServerImage != null) {
                args.add("--ignition-server-image=" + ignitionServerImage);
            }
            registryOverrides.forEach(v -> args.add("--registry-overrides=" + v));
            String ca = null;
            if (additionalTrustBundle != null) {
                try {
                    RegistryClientOptions.defaults().withCaBundle(additionalTrustBundle).checkCaBundle();
                    ca = Files.readString(additionalTrustBundle, StandardCharsets.UTF_8);
                } catch (IOException | IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--additional-trust-bundle: " + e.getMessage());
                }
            }
            spec.commandLine().getOut().print(ObjectOutput.yamlStream(InstallManifests.render(
                    new InstallManifests.Options(namespace, image, args, ca, imagePullSecret))));
            spec.commandLine().getOut().flush();
        }
    }
}
