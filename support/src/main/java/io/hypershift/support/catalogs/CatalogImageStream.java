package io.hypershift.support.catalogs;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.openshift.api.model.ImageStream;
import io.fabric8.openshift.api.model.ImageStreamBuilder;
import io.fabric8.openshift.api.model.TagReference;
import io.fabric8.openshift.api.model.TagReferenceBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code catalogs} ImageStream ({@code image.openshift.io/v1}) of a control-plane namespace, as HyperShift's
 * {@code olm/catalogs/imagestream.go} writes it: one tag per catalog, sorted by name, each importing
 * {@code <registry>/<catalog>-index:v<major.minor>} on a schedule ({@code importMode: PreserveOriginal}) with a
 * {@code Local} reference policy, and {@code lookupPolicy.local} so that pods in the namespace can name
 * {@code catalogs:<catalog>}.
 */
public final class CatalogImageStream {
    public static final String NAME = "catalogs";
    public static final String API_VERSION = "image.openshift.io/v1";
    public static final String KIND = "ImageStream";
    public static final String GROUP = "image.openshift.io";
    public static final String VERSION = "v1";
    public static final String PLURAL = "imagestreams";

    private CatalogImageStream() {}

    /** The ImageStream for the discovered catalog images. */
    public static ImageStream desired(String namespace, Map<Catalog, CatalogImage> images) {
        List<TagReference> tags = new ArrayList<>();
        images.values().stream().sorted(Comparator.comparing(i -> i.catalog().catalogName())).forEach(i ->
                tags.add(new TagReferenceBuilder()
                        .withName(i.catalog().catalogName())
                        .withFrom(new ObjectReferenceBuilder().withKind("DockerImage").withName(i.pullSpec()).build())
                        .withNewReferencePolicy().withType("Local").endReferencePolicy()
                        .withNewImportPolicy().withScheduled(true).withImportMode("PreserveOriginal").endImportPolicy()
                        .build()));
        return new ImageStreamBuilder()
                .withNewMetadata().withName(NAME).withNamespace(namespace).endMetadata()
                .withNewSpec()
                .withNewLookupPolicy().withLocal(true).endLookupPolicy()
                .withTags(tags)
                .endSpec()
                .build();
    }

    /** The pull spec each tag imports, by tag name (what {@code diagnose} and the CPO read back). */
    public static Map<String, String> tagSources(ImageStream stream) {
        Map<String, String> out = new java.util.TreeMap<>();
        if (stream != null && stream.getSpec() != null && stream.getSpec().getTags() != null) {
            for (TagReference t : stream.getSpec().getTags()) {
                if (t.getName() != null && t.getFrom() != null && t.getFrom().getName() != null) {
                    out.put(t.getName(), t.getFrom().getName());
                }
            }
        }
        return out;
    }
}
