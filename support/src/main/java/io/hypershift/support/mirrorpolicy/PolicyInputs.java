package io.hypershift.support.mirrorpolicy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.hypershift.support.manifests.ManifestDocument;
import io.hypershift.support.manifests.ManifestException;
import io.hypershift.support.manifests.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads mirror policies from the paths an admin passes, recognising oc-mirror's output layouts.
 *
 * <p>Each path is, in this order of checks:
 * <ol>
 *   <li>a file: every document in it;</li>
 *   <li>a directory holding {@code results-*} directories (an oc-mirror v1 {@code oc-mirror-workspace}): each of them
 *       as a v1 run, oldest first. oc-mirror v1 names them {@code results-<unix time of the run>}, so they are ordered
 *       by that number (then by name for any other suffix);</li>
 *   <li>an oc-mirror v1 {@code results-*} directory (or one holding {@code imageContentSourcePolicy.yaml} or
 *       {@code mapping.txt}): its top-level {@code *.yaml} files ({@code imageContentSourcePolicy.yaml},
 *       {@code catalogSource-*.yaml}, {@code updateService.yaml}). {@code mapping.txt}, {@code release-signatures/}
 *       and {@code charts/} are not manifests and are not read;</li>
 *   <li>an oc-mirror v2 {@code working-dir} (it holds {@code cluster-resources/}): that directory, as below;</li>
 *   <li>an oc-mirror v2 {@code cluster-resources} directory (or one holding {@code idms-oc-mirror.yaml} or
 *       {@code itms-oc-mirror.yaml}): its top-level {@code *.yaml} files ({@code idms-oc-mirror.yaml},
 *       {@code itms-oc-mirror.yaml}, {@code cs-*.yaml}, {@code cc-*.yaml}, {@code updateService.yaml},
 *       {@code signature-configmap.yaml}); {@code signature-configmap.json} repeats the YAML and is not read;</li>
 *   <li>the directory oc-mirror ran in, holding {@code oc-mirror-workspace/} (v1) or {@code working-dir/cluster-resources/}
 *       (v2, its {@code --workspace}): that workspace as above (v1 first when both are there);</li>
 *   <li>any other directory: every {@code *.yaml}, {@code *.yml} and {@code *.json} file below it, in path order.</li>
 * </ol>
 * Inside a directory, files are read in name order, and documents in file order. Objects that are not mirror
 * policies are kept aside (lint reads CatalogSources from them); a policy kind with an apiVersion this project does
 * not read is an error.
 */
public final class PolicyInputs {
    private static final String RESULTS_PREFIX = "results-";
    private static final String V1_WORKSPACE = "oc-mirror-workspace";
    private static final String V2_WORKING_DIR = "working-dir";

    /** oc-mirror v1 runs oldest first: numeric {@code results-<unix time>} suffixes ascending, then others by name. */
    static final Comparator<Path> RUN_ORDER = Comparator
            .comparing((Path p) -> runNumber(p) == null ? 1 : 0)
            .thenComparing(p -> runNumber(p) == null ? 0L : runNumber(p))
            .thenComparing(p -> p.getFileName().toString());

    private PolicyInputs() {}

    /** Reads every path, in order; an oc-mirror workspace expands to one input per run. */
    public static List<PolicyInput> read(List<Path> paths) {
        List<PolicyInput> out = new ArrayList<>();
        for (Path p : paths) {
            expand(p, out);
        }
        return out;
    }

    private static void expand(Path path, List<PolicyInput> out) {
        if (!Files.exists(path)) {
            throw new ManifestException(path + ": no such file or directory");
        }
        if (!Files.isDirectory(path)) {
            // a regular file, or a pipe or device (read up to the size limit like any file)
            out.add(of(path, PolicyInput.Layout.FILE, Manifests.read(path)));
            return;
        }
        List<Path> runs = list(path, Files::isDirectory).stream()
                .filter(d -> d.getFileName().toString().startsWith(RESULTS_PREFIX))
                .sorted(RUN_ORDER)
                .toList();
        if (!runs.isEmpty()) {
            runs.forEach(r -> out.add(topLevel(r, PolicyInput.Layout.OC_MIRROR_V1_RESULTS)));
            return;
        }
        if (isV1Results(path)) {
            out.add(topLevel(path, PolicyInput.Layout.OC_MIRROR_V1_RESULTS));
            return;
        }
        Path clusterResources = path.resolve("cluster-resources");
        if (Files.isDirectory(clusterResources)) {
            out.add(topLevel(clusterResources, PolicyInput.Layout.OC_MIRROR_V2_CLUSTER_RESOURCES));
            return;
        }
        if (isV2ClusterResources(path)) {
            out.add(topLevel(path, PolicyInput.Layout.OC_MIRROR_V2_CLUSTER_RESOURCES));
            return;
        }
        // the directory oc-mirror ran in: v1 leaves oc-mirror-workspace/ there, v2 working-dir/ in its --workspace
        Path v1Workspace = path.resolve(V1_WORKSPACE);
        Path v2WorkingDir = path.resolve(V2_WORKING_DIR);
        boolean hasV1 = Files.isDirectory(v1Workspace) && list(v1Workspace, Files::isDirectory).stream()
                .anyMatch(d -> d.getFileName().toString().startsWith(RESULTS_PREFIX));
        boolean hasV2 = Files.isDirectory(v2WorkingDir.resolve("cluster-resources"));
        if (hasV1 || hasV2) {
            if (hasV1) {
                expand(v1Workspace, out);
            }
            if (hasV2) {
                expand(v2WorkingDir, out);
            }
            return;
        }
        out.add(of(path, PolicyInput.Layout.DIRECTORY, Manifests.read(path)));
    }

    static boolean isV1Results(Path dir) {
        return dir.getFileName() != null && dir.getFileName().toString().startsWith(RESULTS_PREFIX)
                || Files.isRegularFile(dir.resolve("imageContentSourcePolicy.yaml"))
                || Files.isRegularFile(dir.resolve("mapping.txt"));
    }

    static boolean isV2ClusterResources(Path dir) {
        return dir.getFileName() != null && dir.getFileName().toString().equals("cluster-resources")
                || Files.isRegularFile(dir.resolve("idms-oc-mirror.yaml"))
                || Files.isRegularFile(dir.resolve("itms-oc-mirror.yaml"));
    }

    private static PolicyInput topLevel(Path dir, PolicyInput.Layout layout) {
        List<ManifestDocument> docs = new ArrayList<>();
        for (Path f : list(dir, Files::isRegularFile)) {
            String n = f.getFileName().toString();
            if (n.endsWith(".yaml") || n.endsWith(".yml")) {
                docs.addAll(Manifests.read(f));
            }
        }
        return of(dir, layout, docs);
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> filter) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(filter).sorted().toList();
        } catch (IOException e) {
            throw new ManifestException(dir + ": cannot read directory: " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw Manifests.unreadable(dir, e);
        }
    }

    /** Splits documents into policies (typed, validated for shape) and other objects. */
    static PolicyInput of(Path path, PolicyInput.Layout layout, List<ManifestDocument> docs) {
        List<PolicyObject> policies = new ArrayList<>();
        List<ManifestDocument> others = new ArrayList<>();
        for (ManifestDocument d : docs) {
            String want = Manifests.POLICY_KINDS.get(d.kind());
            if (want == null) {
                others.add(d);
                continue;
            }
            if (!want.equals(d.apiVersion())) {
                throw new ManifestException(d.origin() + ": apiVersion: " + d.apiVersion() + " is not served for "
                        + d.kind() + " (want " + want + ")");
            }
            Class<? extends HasMetadata> type = switch (d.kind()) {
                case "ImageContentSourcePolicy" -> ImageContentSourcePolicy.class;
                case "ImageDigestMirrorSet" -> ImageDigestMirrorSet.class;
                default -> ImageTagMirrorSet.class;
            };
            policies.add(PolicyObject.of(d.as(type), d.origin()));
        }
        return new PolicyInput(path, layout, policies, others);
    }

    /** All policy objects of all inputs, in input order. */
    public static List<PolicyObject> policies(List<PolicyInput> inputs) {
        return inputs.stream().flatMap(i -> i.policies().stream()).toList();
    }

    /** All non-policy objects of all inputs, in input order. */
    public static List<ManifestDocument> others(List<PolicyInput> inputs) {
        return inputs.stream().flatMap(i -> i.others().stream()).toList();
    }

    private static Long runNumber(Path p) {
        String n = p.getFileName().toString();
        if (!n.startsWith(RESULTS_PREFIX)) {
            return null;
        }
        String suffix = n.substring(RESULTS_PREFIX.length());
        if (suffix.isEmpty() || suffix.length() > 18 || !suffix.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(suffix);
    }
}
