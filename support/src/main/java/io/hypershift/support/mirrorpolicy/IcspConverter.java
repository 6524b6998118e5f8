package io.hypershift.support.mirrorpolicy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrors;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorsBuilder;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.fabric8.openshift.api.model.operator.v1alpha1.RepositoryDigestMirrors;
import io.hypershift.support.cli.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ImageContentSourcePolicy to ImageDigestMirrorSet, as {@code oc adm migrate icsp} does it
 * ({@code openshift/oc pkg/cli/admin/migrate/icsp}): one IDMS per ICSP, with the ICSP's name, labels and annotations;
 * each {@code repositoryDigestMirrors} entry becomes an {@code imageDigestMirrors} entry with the same source and the
 * same mirrors in the same order, and no {@code mirrorSourcePolicy} (so the source may still be contacted, as with the
 * ICSP).
 *
 * <p>Where {@code oc} copies the whole metadata, this keeps only what a user sets ({@code name},
 * {@code generateName}, {@code labels}, {@code annotations} without {@code kubectl.kubernetes.io/last-applied-configuration})
 * and drops what the API server sets ({@code uid}, {@code resourceVersion}, {@code generation},
 * {@code creationTimestamp}, {@code managedFields}, ...), so that an ICSP exported from one cluster converts to an
 * IDMS that applies to any cluster.
 */
public final class IcspConverter {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** The converted objects, in input order, and what the API server would reject in them. */
    public record Result(List<ImageDigestMirrorSet> objects, List<String> warnings) {
        public Result {
            objects = List.copyOf(objects);
            warnings = List.copyOf(warnings);
        }
    }

    private IcspConverter() {}

    public static ImageDigestMirrorSet toIdms(ImageContentSourcePolicy icsp) {
        List<ImageDigestMirrors> entries = new ArrayList<>();
        List<RepositoryDigestMirrors> rdms = icsp.getSpec() == null ? null : icsp.getSpec().getRepositoryDigestMirrors();
        if (rdms != null) {
            for (RepositoryDigestMirrors rdm : rdms) {
                if (rdm == null) {
                    continue;
                }
                entries.add(new ImageDigestMirrorsBuilder()
                        .withSource(rdm.getSource())
                        .withMirrors(rdm.getMirrors() == null ? null : new ArrayList<>(rdm.getMirrors()))
                        .build());
            }
        }
        return new ImageDigestMirrorSetBuilder()
                .withMetadata(userMetadata(icsp.getMetadata()))
                .withNewSpec().withImageDigestMirrors(entries).endSpec()
                .build();
    }

    static ObjectMeta userMetadata(ObjectMeta in) {
        ObjectMetaBuilder b = new ObjectMetaBuilder();
        if (in == null) {
            return b.build();
        }
        b.withName(in.getName()).withGenerateName(in.getGenerateName());
        if (in.getLabels() != null && !in.getLabels().isEmpty()) {
            b.withLabels(new TreeMap<>(in.getLabels()));
        }
        if (in.getAnnotations() != null) {
            Map<String, String> annotations = new TreeMap<>(in.getAnnotations());
            annotations.remove(LAST_APPLIED);
            if (!annotations.isEmpty()) {
                b.withAnnotations(annotations);
            }
        }
        return b.build();
    }

    /**
     * Converts every ICSP of the inputs, in order. Another mirror kind is an error (it needs no conversion); so is
     * finding no ICSP at all. Entries the IDMS schema would reject, and names used twice, are warnings: the conversion
     * stays faithful, as {@code oc}'s does.
     */
    public static Result convert(List<PolicyInput> inputs) {
        List<ImageDigestMirrorSet> out = new ArrayList<>();
        List<PolicyObject> converted = new ArrayList<>();
        for (PolicyObject o : PolicyInputs.policies(inputs)) {
            if (o.kind() != PolicyKind.ICSP) {
                throw new UserInputException(o.display() + ": kind: " + o.kind().kind()
                        + " needs no conversion; convert reads only ImageContentSourcePolicy objects");
            }
            ImageDigestMirrorSet idms = toIdms((ImageContentSourcePolicy) o.object());
            out.add(idms);
            converted.add(PolicyObject.of(idms, o.origin()));
        }
        if (out.isEmpty()) {
            throw new UserInputException("no ImageContentSourcePolicy in " + String.join(", ",
                    inputs.stream().map(i -> i.path().toString()).toList()));
        }
        List<String> warnings = new ArrayList<>();
        for (PolicyObject o : converted) {
            for (MirrorEntry e : o.entries()) {
                for (Finding f : EntryRules.check(e)) {
                    warnings.add(f.describe() + (f.isError() ? " (the API server will reject this ImageDigestMirrorSet)" : ""));
                }
            }
        }
        SetRules.nameCollisions(converted).forEach(f -> warnings.add(f.describe()));
        return new Result(out, warnings);
    }
}
