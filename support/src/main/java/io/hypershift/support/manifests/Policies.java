package io.hypershift.support.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mirror policies of a management cluster or of a set of files, each with where it came from.
 * Mutable while it is filled, then read.
 */
public final class Policies {
    private final List<ImageDigestMirrorSet> idms = new ArrayList<>();
    private final List<ImageContentSourcePolicy> icsp = new ArrayList<>();
    private final List<ImageTagMirrorSet> itms = new ArrayList<>();
    private final Map<HasMetadata, String> origins = new IdentityHashMap<>();

    public static Policies of(List<ImageDigestMirrorSet> idms, List<ImageContentSourcePolicy> icsp) {
        Policies p = new Policies();
        idms.forEach(o -> p.add(o, null));
        icsp.forEach(o -> p.add(o, null));
        return p;
    }

    /** Adds an IDMS, ICSP or ITMS; returns false for any other kind. */
    public boolean add(HasMetadata object, String origin) {
        if (object instanceof ImageDigestMirrorSet o) {
            idms.add(o);
        } else if (object instanceof ImageContentSourcePolicy o) {
            icsp.add(o);
        } else if (object instanceof ImageTagMirrorSet o) {
            itms.add(o);
        } else {
            return false;
        }
        if (origin != null) {
            origins.put(object, origin);
        }
        return true;
    }

    public void addAll(Policies other) {
        other.idms.forEach(o -> add(o, other.origins.get(o)));
        other.icsp.forEach(o -> add(o, other.origins.get(o)));
        other.itms.forEach(o -> add(o, other.origins.get(o)));
    }

    public List<ImageDigestMirrorSet> imageDigestMirrorSets() {
        return List.copyOf(idms);
    }

    public List<ImageContentSourcePolicy> imageContentSourcePolicies() {
        return List.copyOf(icsp);
    }

    public List<ImageTagMirrorSet> imageTagMirrorSets() {
        return List.copyOf(itms);
    }

    public boolean isEmpty() {
        return idms.isEmpty() && icsp.isEmpty() && itms.isEmpty();
    }

    /**
     * Where an object came from ({@code "file.yaml: document 2"}), or {@code Kind/name} when it was not read from a
     * file.
     */
    public String originOf(HasMetadata object) {
        String name = object.getKind() + "/" + (object.getMetadata() == null ? "?" : object.getMetadata().getName());
        String origin = origins.get(object);
        return origin == null ? name : origin + ": " + name;
    }
}
