package io.hypershift.support.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes small stand-ins for OLM catalog index images ({@code <namespace>/<catalog>-index:v<major.minor>}): one layer
 * with a file-based catalog under {@code /configs}, and the label {@code operators.operatorframework.io.index.configs.v1}
 * that real index images carry. Each (repository, tag) gets its own content, so its own digest.
 */
public final class CatalogIndexImages {
    private static final AtomicInteger LAYOUTS = new AtomicInteger();

    private CatalogIndexImages() {}

    /**
     * Pushes {@code registry/repository:tag} and returns its manifest digest.
     *
     * @param repository e.g. {@code redhat/redhat-operator-index}
     * @param tag e.g. {@code v4.15}
     */
    public static String push(LocalRegistry registry, String repository, String tag) {
        Path dir = registry.dir().resolveSibling("catalog-oci-" + LAYOUTS.incrementAndGet());
        OciImages oci = new OciImages(dir);
        String catalog = repository.substring(repository.lastIndexOf('/') + 1);
        String fbc = "{\"schema\":\"olm.package\",\"name\":\"example-operator\",\"description\":\"" + catalog + " "
                + tag + "\"}\n";
        byte[] layer = OciImages.layer(Map.of("configs/example-operator/catalog.json",
                fbc.getBytes(StandardCharsets.UTF_8)));
        OciImages.Blob m = oci.image("amd64", Map.of("operators.operatorframework.io.index.configs.v1", "/configs"),
                List.of(layer));
        oci.tag("index", m);
        Skopeo.push(oci, "index", registry, repository + ":" + tag);
        return m.digest();
    }
}
