package io.hypershift.operator.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.support.manifests.ManifestDocument;
import io.hypershift.support.manifests.ManifestException;
import io.hypershift.support.manifests.Manifests;
import io.hypershift.support.manifests.Policies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads the management cluster's mirror policies from files and directories, as {@code overrides from-manifests}
 * and {@code render --management-manifests} take them. A file named on the command line must hold only mirror
 * policies. A directory is what oc-mirror leaves (CatalogSources, signature ConfigMaps, ...) or a folder like
 * {@code examples/}: its other kinds, and its files that are not Kubernetes manifests at all, are skipped, each with
 * a note. Unreadable YAML, and a policy kind with an apiVersion that is not served, are errors either way.
 */
public final class ManagementManifests {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ManagementManifests() {}

    public static Policies readPolicies(List<Path> paths, Consumer<String> notes) {
        Policies all = new Policies();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                all.addAll(Manifests.policies(Manifests.read(p), true));
                continue;
            }
            for (Path file : files(p)) {
                if (!looksLikeManifests(file)) {
                    notes.accept(file + ": not a Kubernetes manifest; skipped");
                    continue;
                }
                for (ManifestDocument d : Manifests.read(file)) {
                    // a policy kind with an apiVersion that is not served is a mistake, not another kind: an error
                    if (Manifests.isPolicy(d) || Manifests.POLICY_KINDS.containsKey(d.kind())) {
                        Policies one = Manifests.policies(List.of(d), true);
                        all.addAll(one);
                    } else {
                        notes.accept(d.origin() + ": " + d.kind() + "/" + d.name() + " is not a mirror policy; skipped");
                    }
                }
            }
        }
        return all;
    }

    /** The one HostedCluster in a manifest file. */
    public static HostedCluster readHostedCluster(Path file) {
        List<ManifestDocument> found = new ArrayList<>();
        for (ManifestDocument d : Manifests.read(file)) {
            if (d.kind().equals("HostedCluster")) {
                found.add(d);
            }
        }
        if (found.size() != 1) {
            throw new ManifestException(file + ": want exactly one HostedCluster, found " + found.size());
        }
        ManifestDocument d = found.get(0);
        String want = HostedCluster.GROUP + "/" + HostedCluster.VERSION;
        if (!d.apiVersion().equals(want)) {
            throw new ManifestException(d.origin() + ": apiVersion: " + d.apiVersion() + " (want " + want + ")");
        }
        HostedCluster hc = d.as(HostedCluster.class);
        if (hc.getMetadata() == null || blank(hc.getMetadata().getName())) {
            throw new ManifestException(d.origin() + ": metadata.name: missing");
        }
        if (blank(hc.getMetadata().getNamespace())) {
            throw new ManifestException(d.origin() + ": metadata.namespace: missing (the control-plane namespace is <namespace>-<name>)");
        }
        if (hc.getSpec() == null || hc.getSpec().getRelease() == null || blank(hc.getSpec().getRelease().getImage())) {
            throw new ManifestException(d.origin() + ": spec.release.image: missing");
        }
        if (hc.getSpec().getPullSecret() == null || blank(hc.getSpec().getPullSecret().getName())) {
            throw new ManifestException(d.origin() + ": spec.pullSecret.name: missing");
        }
        return hc;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ManifestException(dir + ": cannot read directory: " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw Manifests.unreadable(dir, e);
        }
    }

    /** False when every document is a map with neither {@code apiVersion} nor {@code kind} (e.g. a config.json). */
    static boolean looksLikeManifests(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            boolean any = false;
            while (docs.hasNextValue()) {
                JsonNode n = docs.nextValue();
                if (n == null || n.isNull() || (n.isObject() && n.isEmpty())) {
                    continue;
                }
                if (!n.isObject() || n.has("kind") || n.has("apiVersion")) {
                    return true;
                }
                any = true;
            }
            return !any;
        } catch (IOException | RuntimeException e) {
            return true; // let the manifest reader report it, with file, document and line
        }
    }
}
