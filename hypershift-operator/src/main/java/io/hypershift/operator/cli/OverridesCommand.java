package io.hypershift.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hypershift.operator.manifests.ManagementManifests;
import io.hypershift.support.cli.CommandGroup;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.manifests.Policies;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.MirrorOverridesBuilder;
import io.hypershift.support.registryoverride.OverrideCodec;
import io.hypershift.support.registryoverride.OverrideLint;
import io.hypershift.support.registryoverride.ParseResult;
import io.hypershift.support.registryoverride.PolicyProblem;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code overrides}: build, parse, resolve and rewrite image registry overrides offline (SPEC §3–§5). */
@Command(name = "overrides", mixinStandardHelpOptions = true,
        description = "Build, parse and apply image registry overrides offline.",
        subcommands = {
            OverridesCommand.FromManifests.class,
            OverridesCommand.Parse.class,
            OverridesCommand.Resolve.class,
            OverridesCommand.Rewrite.class
        })
public final class OverridesCommand extends CommandGroup {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    enum Output { env, flag, json }

    /** After an error the API server lets through: what the operator does with it. */
    static final String OPERATOR_SKIPS = " (the API server accepts this ImageContentSourcePolicy; the operator builds "
            + "the rest and reports this entry)";

    /**
     * What a set of policy files gives: the mirror overrides (from ICSP and IDMS) and, apart, the tag mirrors (from
     * ITMS, for tag references only).
     */
    record FromFiles(MirrorOverrides mirrors, MirrorOverrides tagMirrors) {}

    /**
     * Reads ICSP/IDMS files and directories (other objects in a directory are skipped with a note) and builds the
     * mirror overrides; every problem is reported, errors are fatal.
     */
    static MirrorOverrides overridesFromManifests(List<Path> files, PrintWriter err) {
        return fromManifests(files, err, true).mirrors();
    }

    /**
     * Reads ICSP/IDMS/ITMS files and directories and builds the mirror overrides and the tag mirrors; every problem
     * is reported, errors are fatal.
     *
     * @param allowEmpty false: files that hold no mirror policy at all (an empty file, a lone {@code ---} or BOM, a
     *     directory without manifests) are an error, not "no mirrors"
     */
    static FromFiles fromManifests(List<Path> files, PrintWriter err, boolean allowEmpty) {
        Policies policies = ManagementManifests.readPolicies(files, note -> err.println("note: " + note));
        if (policies.isEmpty() && !allowEmpty) {
            throw new UserInputException(files.stream().map(Path::toString).collect(Collectors.joining(", "))
                    + ": no ImageContentSourcePolicy, ImageDigestMirrorSet or ImageTagMirrorSet; nothing to build "
                    + "overrides from (--allow-empty prints empty overrides)");
        }
        MirrorOverrides mirrors = report(MirrorOverridesBuilder.build(policies), err);
        MirrorOverrides tagMirrors = report(MirrorOverridesBuilder.buildTagMirrors(policies), err);
        return new FromFiles(mirrors, tagMirrors);
    }

    private static MirrorOverrides report(MirrorOverridesBuilder.Result result, PrintWriter err) {
        for (PolicyProblem p : result.problems()) {
            if (p.rejectedByApiServer()) {
                throw new UserInputException(p.describe());
            }
            err.println("warning: " + p.describe() + (p.isError() ? OPERATOR_SKIPS : ""));
        }
        return result.overrides();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, List<String>> jsonMap(MirrorOverrides overrides) {
        return new LinkedHashMap<>(overrides.asMap());
    }

    static void warnAll(PrintWriter err, String what, List<String> warnings) {
        warnings.forEach(w -> err.println("warning: " + what + ": " + w));
    }

    static void requireImage(String image) {
        ImageReference.parse(image);
    }

    @Command(name = "from-manifests", mixinStandardHelpOptions = true,
            description = "Print the mirror overrides built from the ICSP and IDMS objects in FILE... (YAML or JSON, "
                    + "multi-document, List kinds, directories); with --tag-mirrors, the tag mirrors built from the ITMS "
                    + "objects instead.")
    static final class FromManifests implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--output", defaultValue = "env",
                description = "env (OPENSHIFT_IMG_OVERRIDES, the default), flag (RO flag: the first mirror of each "
                        + "source) or json. Valid: ${COMPLETION-CANDIDATES}.")
        Output output;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "ICSP/IDMS manifests, files or directories.")
        List<Path> files;

        @Option(names = "--allow-empty",
                description = "Print empty overrides when the files hold no ICSP or IDMS, instead of failing.")
        boolean allowEmpty;

        @Option(names = "--tag-mirrors",
                description = "Print the tag mirrors (from ImageTagMirrorSets, used for tag references only) instead "
                        + "of the mirror overrides.")
        boolean tagMirrors;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            FromFiles built = fromManifests(files, err, allowEmpty);
            MirrorOverrides overrides = tagMirrors ? built.tagMirrors() : built.mirrors();
            if (!tagMirrors && !built.tagMirrors().isEmpty()) {
                err.println("note: the ImageTagMirrorSets give tag mirrors for " + built.tagMirrors().size()
                        + " source(s), used for tag references only; --tag-mirrors prints them");
            }
            if (!overrides.neverContactSources().isEmpty()) {
                err.println("note: NeverContactSource for " + String.join(", ", overrides.neverContactSources())
                        + " is not carried by the " + output + " format");
            }
            switch (output) {
                case env -> out.println(overrides.format());
                case json -> out.println(json(jsonMap(overrides)));
                case flag -> {
                    Map<String, String> first = new LinkedHashMap<>();
                    overrides.asMap().forEach((source, mirrors) -> {
                        first.put(source, mirrors.get(0));
                        if (mirrors.size() > 1) {
                            err.println("warning: " + source + ": the RO flag holds one target; keeping " + mirrors.get(0)
                                    + " and dropping " + String.join(", ", mirrors.subList(1, mirrors.size())));
                        }
                    });
                    out.println(RegistryOverrides.of(first).format());
                }
                default -> throw new IllegalStateException(String.valueOf(output));
            }
            out.flush();
        }
    }

    @Command(name = "parse", mixinStandardHelpOptions = true,
            description = "Print the JSON of a mirror-override string (OPENSHIFT_IMG_OVERRIDES format); warn on "
                    + "stderr about every skipped piece.")
    static final class Parse implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "VALUE")
        String value;

        @Override
        public void run() {
            ParseResult<MirrorOverrides> r = OverrideCodec.parseMirrors(value);
            warnAll(spec.commandLine().getErr(), "skipped", r.warnings());
            warnAll(spec.commandLine().getErr(), "kept, but not a valid reference", OverrideLint.invalidEntries(r.value()));
            spec.commandLine().getOut().println(json(jsonMap(r.value())));
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Print, one per line, the pull specs a lookup of IMAGE tries, in order: the mirrors of the "
                    + "longest matching source, then IMAGE unless the source is NeverContactSource.")
    static final class Resolve implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ArgGroup(multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--overrides", paramLabel = "VALUE",
                    description = "Mirror overrides in the OPENSHIFT_IMG_OVERRIDES format.")
            String overrides;

            @Option(names = "--mirror-config", paramLabel = "FILE",
                    description = "ICSP/IDMS/ITMS manifests instead (these can carry NeverContactSource; ITMS mirrors "
                            + "come first, for a tag reference only); repeatable.")
            List<Path> manifests;
        }

        @Parameters(index = "0", paramLabel = "IMAGE")
        String image;

        @Override
        public void run() {
            requireImage(image);
            PrintWriter err = spec.commandLine().getErr();
            MirrorOverrides overrides;
            MirrorOverrides tagMirrors = MirrorOverrides.empty();
            if (source.overrides != null) {
                ParseResult<MirrorOverrides> r = OverrideCodec.parseMirrors(source.overrides);
                warnAll(err, "skipped", r.warnings());
                warnAll(err, "kept, but not a valid reference", OverrideLint.invalidEntries(r.value()));
                overrides = r.value();
            } else {
                FromFiles built = fromManifests(source.manifests, err, true);
                overrides = built.mirrors();
                tagMirrors = built.tagMirrors();
            }
            List<String> candidates = overrides.candidates(image, tagMirrors);
            List<String> digestOnly = overrides.candidates(image);
            long fromTags = candidates.stream().filter(c -> !digestOnly.contains(c)).count();
            if (fromTags > 0) {
                err.println("note: the first " + fromTags + " candidate(s) are tag mirrors (ImageTagMirrorSets)");
            }
            if (candidates.isEmpty()) {
                err.println("warning: " + image + " matches a NeverContactSource source with no mirrors; nothing can be pulled");
            }
            candidates.forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "rewrite", mixinStandardHelpOptions = true,
            description = "Print IMAGE rewritten with the RO map (longest matching source replaced by its target).")
    static final class Rewrite implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--registry-overrides", required = true, paramLabel = "VALUE", description = "source=target,...")
        List<String> registryOverrides;

        @Parameters(index = "0", paramLabel = "IMAGE")
        String image;

        @Override
        public void run() {
            requireImage(image);
            ParseResult<RegistryOverrides> r = OverrideCodec.parseRegistryOverrides(registryOverrides);
            warnAll(spec.commandLine().getErr(), "--registry-overrides", r.warnings());
            warnAll(spec.commandLine().getErr(), "--registry-overrides: kept, but not a valid reference",
                    OverrideLint.invalidEntries(r.value()));
            spec.commandLine().getOut().println(r.value().rewrite(image));
            spec.commandLine().getOut().flush();
        }
    }
}
