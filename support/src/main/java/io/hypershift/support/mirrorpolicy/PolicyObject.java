package io.hypershift.support.mirrorpolicy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrors;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrors;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.fabric8.openshift.api.model.operator.v1alpha1.RepositoryDigestMirrors;
import java.util.ArrayList;
import java.util.List;

/**
 * A mirror policy object read from a file: its kind, name, where it came from ({@code file: document N}) and its
 * entries in order.
 */
public record PolicyObject(PolicyKind kind, String name, String origin, HasMetadata object, List<MirrorEntry> entries) {

    public PolicyObject {
        entries = List.copyOf(entries);
    }

    /** Wraps a typed ICSP, IDMS or ITMS; {@code origin} is where it was read, or null. */
    public static PolicyObject of(HasMetadata object, String origin) {
        PolicyKind kind = PolicyKind.of(object);
        String name = object.getMetadata() == null ? null : object.getMetadata().getName();
        String display = (origin == null ? "" : origin + ": ") + kind.kind() + "/" + (name == null ? "?" : name);
        List<MirrorEntry> entries = new ArrayList<>();
        switch (kind) {
            case ICSP -> {
                ImageContentSourcePolicy p = (ImageContentSourcePolicy) object;
                List<RepositoryDigestMirrors> list = p.getSpec() == null ? null : p.getSpec().getRepositoryDigestMirrors();
                for (int i = 0; list != null && i < list.size(); i++) {
                    RepositoryDigestMirrors e = list.get(i);
                    if (e != null) {
                        entries.add(new MirrorEntry(kind, display, i, e.getSource(), e.getMirrors(), null));
                    }
                }
            }
            case IDMS -> {
                ImageDigestMirrorSet s = (ImageDigestMirrorSet) object;
                List<ImageDigestMirrors> list = s.getSpec() == null ? null : s.getSpec().getImageDigestMirrors();
                for (int i = 0; list != null && i < list.size(); i++) {
                    ImageDigestMirrors e = list.get(i);
                    if (e != null) {
                        entries.add(new MirrorEntry(kind, display, i, e.getSource(), e.getMirrors(), e.getMirrorSourcePolicy()));
                    }
                }
            }
            case ITMS -> {
                ImageTagMirrorSet s = (ImageTagMirrorSet) object;
                List<ImageTagMirrors> list = s.getSpec() == null ? null : s.getSpec().getImageTagMirrors();
                for (int i = 0; list != null && i < list.size(); i++) {
                    ImageTagMirrors e = list.get(i);
                    if (e != null) {
                        entries.add(new MirrorEntry(kind, display, i, e.getSource(), e.getMirrors(), e.getMirrorSourcePolicy()));
                    }
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return new PolicyObject(kind, name, origin, object, entries);
    }

    /** {@code file: document N: Kind/name}, as used in messages. */
    public String display() {
        return (origin == null ? "" : origin + ": ") + kind.kind() + "/" + (name == null ? "?" : name);
    }
}
