package io.hypershift.operator.cli;

import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.hostedcontrolplane.HostedControlPlaneComponent;
import io.hypershift.operator.manifests.ManagementManifests;
import io.hypershift.support.cli.CommandGroup;
import io.hypershift.support.dataplane.DataPlaneMirrors;
import io.hypershift.support.dataplane.NodePull;
import io.hypershift.support.dataplane.NodeRegistries;
import io.hypershift.support.dataplane.RegistriesConf;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dataplane}: what the nodes of a HostedCluster get and do, offline. The nodes' rules are containers/image's, not
 * the control plane's: {@code overrides resolve} shows the one, {@code dataplane resolve} the other.
 */
@Command(name = "dataplane", mixinStandardHelpOptions = true,
        description = "Show what the nodes of a HostedCluster pull: the registries.conf they are served, and the pull "
                + "sources their container runtime tries.",
        subcommands = {DataPlaneCommand.RegistriesConfCommand.class, DataPlaneCommand.Resolve.class})
public final class DataPlaneCommand extends CommandGroup {
    /**
     * The data-plane mirrors of the HostedControlPlane the operator writes for this HostedCluster, read as the
     * ignition-server reads them; their warnings go to {@code err}.
     */
    static DataPlaneMirrors mirrors(Path hostedCluster, PrintWriter err) {
        HostedCluster hc = ManagementManifests.readHostedCluster(hostedCluster);
        DataPlaneMirrors mirrors = DataPlaneMirrors.of(HostedControlPlaneComponent.build(hc));
        mirrors.warnings().forEach(w -> err.println("warning: " + w));
        return mirrors;
    }

    @Command(name = "registries-conf", mixinStandardHelpOptions = true,
            description = "Print /etc/containers/registries.conf exactly as the ignition-server serves it to the nodes "
                    + "of the HostedCluster.")
    static final class RegistriesConfCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--hosted-cluster", required = true, paramLabel = "FILE", description = "The HostedCluster manifest.")
        Path hostedCluster;

        @Override
        public void run() {
            DataPlaneMirrors mirrors = mirrors(hostedCluster, spec.commandLine().getErr());
            spec.commandLine().getErr().flush();
            spec.commandLine().getOut().print(RegistriesConf.render(mirrors));
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Print, one per line, the pull sources a node of the HostedCluster contacts for IMAGE, in "
                    + "order, by the rules of its container runtime (containers/image) applied to the served "
                    + "registries.conf. Sources the node refuses because their registry is blocked are left out, "
                    + "with a note on stderr.",
                "When the node cannot pull IMAGE at all, nothing is printed for it and one line on stderr says why. "
                    + "With several images, their lists are separated by an empty line.",
                "Exit codes: 0 every image has a source, 1 some image cannot be pulled, 2 unreadable input."})
    static final class Resolve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--hosted-cluster", required = true, paramLabel = "FILE", description = "The HostedCluster manifest.")
        Path hostedCluster;

        @Parameters(arity = "1..*", paramLabel = "IMAGE")
        List<String> images;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            NodeRegistries nodes = NodeRegistries.parse(RegistriesConf.render(mirrors(hostedCluster, err)));
            boolean allPullable = true;
            for (int i = 0; i < images.size(); i++) {
                String image = images.get(i);
                NodePull pull = nodes.pull(image);
                if (i > 0) {
                    out.println();
                }
                String cannotPull = pull.cannotPull();
                if (cannotPull.isEmpty()) {
                    pull.attempts().stream().filter(a -> !a.contacted()).forEach(a -> err.println("note: " + image
                            + ": the node skips " + a.reference() + " (its registry " + a.blockedBy() + " is blocked)"));
                } else {
                    err.println("error: " + image + ": the node cannot pull it: " + cannotPull);
                    allPullable = false;
                }
                pull.contacted().forEach(out::println);
            }
            out.flush();
            err.flush();
            return allPullable ? 0 : 1;
        }
    }
}
