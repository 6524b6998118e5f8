package io.hypershift.support.releaseinfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.registry.Descriptor;
import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.Digests;
import io.hypershift.support.registry.LayerFiles;
import io.hypershift.support.registry.LookupDeadline;
import io.hypershift.support.registry.Platform;
import io.hypershift.support.registry.RegistryClient;
import io.hypershift.support.registry.RegistryException;
import io.hypershift.support.registry.ResolvedImage;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a release image from exactly the pull spec it is given (no mirrors, no cache): the manifest for the platform,
 * the config labels, and {@code release-manifests/image-references} and {@code release-metadata} from its layers, top
 * layer first, stopping as soon as both are found. Every blob is checked against its digest.
 */
public final class RegistryReleaseProvider implements ReleaseProvider {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryReleaseProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONFIG_BYTES = 8 << 20;
    private static final long MAX_FILE_BYTES = 16L << 20;
    /** Stop before downloading more than this (by declared sizes, each read capped at its own), for an image that
     *  turns out not to be a release. */
    private static final long MAX_LAYER_BYTES = 1L << 30;

    private final RegistryClient client;
    private final Platform platform;

    public RegistryReleaseProvider(RegistryClient client, Platform platform) {
        this.client = client;
        this.platform = platform;
    }

    @Override
    public ReleaseImage lookup(String image, DockerConfig pullSecret) throws ReleaseLookupException {
        ImageReference ref;
        try {
            ref = ImageReference.parse(image);
        } catch (InvalidReferenceException e) {
            throw new ReleaseLookupException(e.getMessage());
        }
        try (LookupDeadline deadline = client.lookupDeadline()) {
            ResolvedImage resolved = client.resolve(ref, pullSecret, platform);
            Map<String, String> labels = labels(client.readBlob(ref, resolved.manifest().config(), pullSecret,
                    MAX_CONFIG_BYTES), ref);
            Map<String, byte[]> files = releaseFiles(ref, resolved.manifest().layers(), pullSecret);
            Map<String, String> components;
            String version;
            try {
                components = ReleaseManifests.componentImages(files.get(ReleaseManifests.IMAGE_REFERENCES));
                version = ReleaseManifests.version(files.get(ReleaseManifests.RELEASE_METADATA));
            } catch (ReleaseLookupException e) {
                // the file and field are in the message; say which image they came from
                throw new ReleaseLookupException(image + ": " + e.getMessage(), e.reason(), e);
            }
            String label = labels.get(ReleaseManifests.VERSION_LABEL);
            if (label != null && !label.equals(version)) {
                LOG.warn("release {}: label {}={} differs from release-metadata version {}", image,
                        ReleaseManifests.VERSION_LABEL, label, version);
            }
            return new ReleaseImage(image, image, resolved.digest(), version, components, labels);
        } catch (RegistryException e) {
            throw new ReleaseLookupException(e.getMessage(), "InvalidImage", e);
        }
    }

    private Map<String, byte[]> releaseFiles(ImageReference ref, List<Descriptor> layers, DockerConfig secret)
            throws RegistryException, ReleaseLookupException {
        Set<String> remaining = new HashSet<>(Set.of(ReleaseManifests.IMAGE_REFERENCES, ReleaseManifests.RELEASE_METADATA));
        Map<String, byte[]> found = new HashMap<>();
        long read = 0;
        for (int i = layers.size() - 1; i >= 0 && !remaining.isEmpty(); i--) {
            Descriptor layer = layers.get(i);
            if (read + Math.max(0, layer.size()) > MAX_LAYER_BYTES) {
                break;
            }
            read += Math.max(0, layer.size());
            LayerFiles.Result r;
            try (Digests.VerifyingInputStream in = client.openBlob(ref, layer, secret, MAX_LAYER_BYTES)) {
                r = LayerFiles.extract(in, remaining, MAX_FILE_BYTES);
            } catch (RegistryException e) {
                throw e;
            } catch (IOException e) {
                if (e.getCause() instanceof RegistryException re) {
                    throw re;
                }
                throw new ReleaseLookupException(ref + ": layer " + layer.digest() + ": " + e.getMessage(),
                        "InvalidImage", e);
            }
            found.putAll(r.files());
            remaining.removeAll(r.files().keySet());
            remaining.removeAll(r.deleted());
        }
        for (String f : List.of(ReleaseManifests.IMAGE_REFERENCES, ReleaseManifests.RELEASE_METADATA)) {
            if (!found.containsKey(f)) {
                throw new ReleaseLookupException(ref + " is not a release image: it has no " + f);
            }
        }
        return found;
    }

    private static Map<String, String> labels(byte[] config, ImageReference ref) throws ReleaseLookupException {
        try {
            JsonNode labels = JSON.readTree(config).path("config").path("Labels");
            Map<String, String> out = new TreeMap<>();
            labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (IOException e) {
            throw new ReleaseLookupException(ref + ": the image config is not valid JSON");
        }
    }
}
