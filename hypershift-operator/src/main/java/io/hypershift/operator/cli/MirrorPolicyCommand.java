package io.hypershift.operator.cli;

import io.hypershift.support.cli.CommandGroup;
import io.hypershift.support.mirrorpolicy.Finding;
import io.hypershift.support.mirrorpolicy.IcspConverter;
import io.hypershift.support.mirrorpolicy.ImageSetConfig;
import io.hypershift.support.mirrorpolicy.PolicyInput;
import io.hypershift.support.mirrorpolicy.PolicyInputs;
import io.hypershift.support.mirrorpolicy.PolicyLinter;
import io.hypershift.support.mirrorpolicy.PolicyMerger;
import io.hypershift.support.mirrorpolicy.PolicyYaml;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code mirror-policy}: merge, convert and lint the mirror policies that oc-mirror writes. */
@Command(name = "mirror-policy", mixinStandardHelpOptions = true,
        description = "Merge, convert and lint the mirror policies (ICSP, IDMS, ITMS) that oc-mirror writes.",
        subcommands = {MirrorPolicyCommand.Merge.class, MirrorPolicyCommand.Convert.class, MirrorPolicyCommand.Lint.class})
public final class MirrorPolicyCommand extends CommandGroup {
    static final String PATH_DESCRIPTION = "A file, an oc-mirror v1 workspace or results-* directory (or the directory "
            + "holding oc-mirror-workspace), an oc-mirror v2 --workspace, working-dir or cluster-resources directory, or any directory of ICSP/IDMS/ITMS YAML. Earlier paths are "
            + "earlier runs; a workspace's results-<time> directories are read oldest first.";

    /** Says on stderr what each input was read as (after success, so that an error stays one line). */
    private static void describe(List<PolicyInput> inputs, PrintWriter err) {
        inputs.forEach(i -> err.println("input: " + i.describe()));
    }

    enum Kind { icsp, idms }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = {"Merge the mirror policies of every PATH into one policy set on stdout.",
                "Sources are deduplicated; each source's mirrors keep their order, earlier runs first; entries are "
                        + "sorted by source and objects named --name, so the same inputs give the same bytes. "
                        + "ITMS entries go to an ImageTagMirrorSet of their own."})
    static final class Merge implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--output-kind", defaultValue = "idms", paramLabel = "KIND",
                description = "Kind of the merged digest policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Kind outputKind;

        @Option(names = "--name", defaultValue = "oc-mirror-merged",
                description = "Name of the merged objects (default: ${DEFAULT-VALUE}).")
        String name;

        @Parameters(arity = "1..*", paramLabel = "PATH", description = PATH_DESCRIPTION)
        List<Path> paths;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<PolicyInput> inputs = PolicyInputs.read(paths);
            PolicyMerger.Result result = PolicyMerger.merge(inputs,
                    outputKind == Kind.icsp ? PolicyMerger.OutputKind.ICSP : PolicyMerger.OutputKind.IDMS, name);
            describe(inputs, err);
            result.warnings().forEach(w -> err.println("warning: " + w));
            out.print(PolicyYaml.write(result.objects()));
            out.flush();
            err.println(result.summary());
            err.flush();
        }
    }

    enum Target { idms }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = {"Convert ImageContentSourcePolicy objects to ImageDigestMirrorSets on stdout, as "
                    + "'oc adm migrate icsp' does: one IDMS per ICSP, same name, labels and annotations, same entries in "
                    + "the same order, no mirrorSourcePolicy."})
    static final class Convert implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--to", required = true, paramLabel = "KIND", description = "Target kind: ${COMPLETION-CANDIDATES}.")
        Target to;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "ICSP manifests (files or directories).")
        List<Path> files;

        @Override
        public void run() {
            PrintWriter err = spec.commandLine().getErr();
            IcspConverter.Result result = IcspConverter.convert(PolicyInputs.read(files));
            result.warnings().forEach(w -> err.println("warning: " + w));
            err.flush();
            spec.commandLine().getOut().print(PolicyYaml.write(result.objects()));
            spec.commandLine().getOut().flush();
        }
    }

    enum Output { text, json }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = {"Check mirror policies for the mistakes that break disconnected clusters; each finding names "
                    + "the object, the entry and a fix.",
                "Exit codes: 0 no error-level finding, 1 error-level findings, 2 unreadable input."})
    static final class Lint implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--image-set-config", paramLabel = "FILE",
                description = "An oc-mirror ImageSetConfiguration (mirror.openshift.io/v1alpha2): check that every "
                        + "release channel and operator catalog in it is covered by a mirror entry.")
        Path imageSetConfig;

        @Option(names = "--output", defaultValue = "text", paramLabel = "FORMAT", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Output output;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = PATH_DESCRIPTION)
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            ImageSetConfig.Loaded isc = imageSetConfig == null ? null : ImageSetConfig.read(imageSetConfig);
            List<PolicyInput> inputs = PolicyInputs.read(files);
            List<Finding> findings = PolicyLinter.lint(inputs, isc);
            describe(inputs, err);
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.print(output == Output.json ? PolicyLinter.formatJson(findings) : PolicyLinter.formatText(findings));
            out.flush();
            return PolicyLinter.hasErrors(findings) ? 1 : 0;
        }
    }
}
