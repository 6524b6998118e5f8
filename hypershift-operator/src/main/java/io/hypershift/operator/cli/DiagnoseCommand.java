package io.hypershift.operator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hypershift.operator.diagnose.Diagnosis;
import io.hypershift.operator.diagnose.DiagnosisTable;
import io.hypershift.operator.propagation.Hints;
import io.hypershift.support.cli.CommandLines;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.registryoverride.OverrideCodec;
import io.hypershift.support.registryoverride.PolicyProblem;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code diagnose}: are the current overrides in every control-plane namespace? Exit 0 only if all match. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Compare the overrides the management cluster's ICSP/IDMS call for with the args and env of each "
                + "control-plane namespace's control-plane-operator and ignition-server Deployments.",
            "Exit codes: 0 all match, 1 a mismatch (or no HostedCluster), 2 bad input or an unreachable cluster."})
public final class DiagnoseCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Default: in-cluster, else ~/.kube/config.")
    Path kubeconfig;

    @Option(names = "--hosted-cluster", paramLabel = "NAMESPACE/NAME", description = "Only this HostedCluster (default: all).")
    String hostedCluster;

    @Option(names = "--registry-overrides", paramLabel = "VALUE",
            description = "The operator's RO flag (repeatable); default: read from each control-plane-operator Deployment.")
    List<String> registryOverrides;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RegistryOverrides ro = registryOverrides == null ? null : OverrideCodec.parseRegistryOverrides(registryOverrides).value();
        Diagnosis.Result result;
        Config config = RunCommand.config(kubeconfig);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            result = Diagnosis.run(client, hostedCluster, ro);
        } catch (RuntimeException e) {
            Optional<String> unreachable = CommandLines.environmentProblem(e);
            if (unreachable.isPresent()) {
                throw new UserInputException("cannot reach the cluster at " + config.getMasterUrl()
                        + (kubeconfig == null ? "" : " (--kubeconfig " + kubeconfig + ")") + ": "
                        + unreachable.get());
            }
            if (e instanceof KubernetesClientException k) {
                throw new UserInputException("cannot read the cluster: " + (k.getStatus() != null ? "HTTP " + k.getCode()
                        + " " + k.getStatus().getMessage() : String.valueOf(k.getMessage()).lines().findFirst().orElse("")));
            }
            throw e;
        }
        List<String> global = new ArrayList<>();
        global.add("management cluster: " + result.capabilities() + "; " + result.mirrors().overrides().size()
                + " mirrored source(s)" + (result.tagMirrors().overrides().isEmpty() ? ""
                        : ", " + result.tagMirrors().overrides().size() + " tag-mirrored source(s)")
                + (ro == null ? "; RO read from each control-plane-operator Deployment" : ""));
        result.mirrors().problems().stream().filter(PolicyProblem::isError)
                .forEach(p -> global.add("invalid policy entry: " + p.describe()));
        result.tagMirrors().problems().stream().filter(PolicyProblem::isError)
                .forEach(p -> global.add("invalid policy entry: " + p.describe()));
        Hints.rootOnlySources(result.mirrors().overrides()).ifPresent(global::add);
        if (result.reports().isEmpty()) {
            global.add("no HostedCluster found");
        }
        out.print(DiagnosisTable.format(result.reports(), global));
        out.flush();
        return result.ok() ? 0 : 1;
    }
}
