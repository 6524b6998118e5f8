package io.hypershift.operator.testing;

import io.hypershift.operator.release.ReleaseProviderFactory;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseLookupException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A release provider factory over a fixed map of "what each registry holds" (pull spec → release): a lookup tries
 * the candidates of the current mirror overrides in order (SPEC §5, §6; tag mirrors first for a tag), like the mirror
 * decorator does.
 */
public final class TestReleases {
    private TestReleases() {}

    public static ReleaseProviderFactory holding(Map<String, ReleaseImage> registries) {
        return (mirrors, tagMirrors, ro) -> (image, pullSecret) -> {
            List<String> tried = new ArrayList<>();
            for (String candidate : mirrors.candidates(image, tagMirrors)) {
                ReleaseImage r = registries.get(candidate);
                if (r != null) {
                    return r.withServedBy(candidate);
                }
                tried.add(candidate + ": manifest unknown");
            }
            throw new ReleaseLookupException("release " + image + " not found: " + String.join("; ", tried));
        };
    }

    public static ReleaseImage release(String image, String version, Map<String, String> components) {
        return new ReleaseImage(image, image, "sha256:" + "a".repeat(64), version, components, Map.of("io.openshift.release", version));
    }
}
