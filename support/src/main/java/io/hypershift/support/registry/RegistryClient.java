package io.hypershift.support.registry;

import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.io.BoundedInputStream;
import io.hypershift.support.registry.DockerConfig.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Docker/OCI distribution v2 client for pulling: manifests (an index or manifest list is resolved to one platform),
 * config blobs, and layer blobs as verified streams. Thread-safe; share one per process so that connections and tokens
 * are reused. Every failure is a typed {@link RegistryException} that names the registry and repository.
 */
public final class RegistryClient {
    /** The OCI image-spec's recommended bound on a manifest. */
    static final int MAX_MANIFEST_BYTES = 4 << 20;

    private final RegistryHttp http;
    private final RegistryAuth auth;
    private final RegistryClientOptions options;

    public RegistryClient(RegistryClientOptions options) {
        this(options, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    RegistryClient(RegistryClientOptions options, Clock clock, RegistryHttp.Sleeper sleeper) {
        this.options = options;
        this.http = new RegistryHttp(options, sleeper);
        this.auth = new RegistryAuth(http, clock);
    }

    public RegistryClientOptions options() {
        return options;
    }

    /**
     * Starts the deadline of one lookup on this thread ({@link RegistryClientOptions.Deadlines#lookup()}): every
     * request until {@link LookupDeadline#close()} ends by then, however many candidates and retries it takes.
     */
    public LookupDeadline lookupDeadline() {
        return LookupDeadline.start(options.deadlines().lookup());
    }

    /**
     * Fetches the manifest of {@code image}; for a manifest list or OCI index, also the manifest for
     * {@code platform}. A digest reference is checked against the content, and so is the platform manifest.
     */
    public ResolvedImage resolve(ImageReference image, DockerConfig secret, Platform platform) throws RegistryException {
        Fetched top = fetchManifest(image, image.manifestReference(), secret);
        if (image.hasDigest()) {
            checkDigest(image, "manifest " + image, image.digest(), top.digest());
        }
        Manifest m = parse(image, top);
        if (m instanceof Manifest.Image single) {
            return new ResolvedImage(image, top.digest(), top.digest(), single, null);
        }
        Manifest.Index index = (Manifest.Index) m;
        Descriptor chosen = index.select(platform).orElseThrow(() -> new ImageNotFoundException(image.registryHost(),
                image.repositoryForRegistry(), "a manifest for platform " + platform + " in " + image
                        + " (it has " + index.platforms() + ")"));
        Fetched child = fetchManifest(image, chosen.digest(), secret);
        checkDigest(image, "the " + platform + " manifest of " + image, chosen.digest(), child.digest());
        Manifest cm = parse(image, child);
        if (!(cm instanceof Manifest.Image single)) {
            throw new RegistryResponseException(image.registryHost(), image.repositoryForRegistry(), 0,
                    "the " + platform + " entry of " + image + " is an index again, not an image manifest");
        }
        return new ResolvedImage(image, top.digest(), child.digest(), single, chosen.platform());
    }

    /** The digest of the manifest {@code image} points at (fetched and hashed; a digest reference is checked). */
    public String manifestDigest(ImageReference image, DockerConfig secret) throws RegistryException {
        Fetched top = fetchManifest(image, image.manifestReference(), secret);
        if (image.hasDigest()) {
            checkDigest(image, "manifest " + image, image.digest(), top.digest());
        }
        return top.digest();
    }

    /** A whole (small) blob such as an image config, at most {@code maxBytes}, checked against its digest. */
    public byte[] readBlob(ImageReference repo, Descriptor blob, DockerConfig secret, int maxBytes)
            throws RegistryException {
        try (Digests.VerifyingInputStream in = openBlob(repo, blob, secret, maxBytes)) {
            byte[] data = in.readAllBytes(); // bounded by the declared size, itself at most maxBytes
            in.drain();
            return data;
        } catch (IOException e) {
            throw readFailure(repo, e);
        }
    }

    /**
     * A blob as a stream of at most its declared size, which must be at most {@code maxBytes}: a registry that
     * sends more fails the read at the first byte past it. It throws {@link DigestMismatchException} at its end if
     * the content does not hash to the descriptor's digest; read it to the end before trusting what was read. The
     * caller closes it.
     */
    public Digests.VerifyingInputStream openBlob(ImageReference repo, Descriptor blob, DockerConfig secret,
            long maxBytes) throws RegistryException {
        String registry = repo.registryHost();
        String repository = repo.repositoryForRegistry();
        if (blob.size() < 0 || blob.size() > maxBytes) {
            throw new RegistryResponseException(registry, repository, 0, "blob " + blob.digest() + " declares "
                    + blob.size() + " bytes; the limit is " + maxBytes);
        }
        if (!Digests.isSupported(blob.digest())) {
            throw new RegistryResponseException(registry, repository, 0, "unsupported digest " + blob.digest());
        }
        RegistryHttp.Response r = get(repo, "/blobs/" + blob.digest(), "*/*", secret, "blob " + blob.digest());
        // an endless body costs at most its declared size: the first byte past it fails the read, before the digest
        BoundedInputStream capped = new BoundedInputStream(r.body(), blob.size(), () -> new RegistryResponseException(
                registry, repository, 0, "blob " + blob.digest() + " is longer than its declared " + blob.size()
                        + " bytes"));
        return new Digests.VerifyingInputStream(capped, blob.digest(), registry, repository, "blob " + blob.digest());
    }

    /**
     * A blob of unknown size as a stream, checked against {@code digest} at its end (see
     * {@link #openBlob(ImageReference, Descriptor, DockerConfig, long)}, which also bounds its length: prefer it).
     */
    public Digests.VerifyingInputStream openBlob(ImageReference repo, String digest, DockerConfig secret)
            throws RegistryException {
        String registry = repo.registryHost();
        String repository = repo.repositoryForRegistry();
        if (!Digests.isSupported(digest)) {
            throw new RegistryResponseException(registry, repository, 0, "unsupported digest " + digest);
        }
        RegistryHttp.Response r = get(repo, "/blobs/" + digest, "*/*", secret, "blob " + digest);
        return new Digests.VerifyingInputStream(r.body(), digest, registry, repository, "blob " + digest);
    }

    /** Wraps an I/O failure while reading a body (timeout, reset) as a connection failure. */
    static RegistryException readFailure(ImageReference repo, IOException e) {
        return e instanceof RegistryException re ? re
                : new RegistryConnectionException(repo.registryHost(), repo.repositoryForRegistry(), 1, e);
    }

    private record Fetched(byte[] body, String contentType, String digest) {}

    private Fetched fetchManifest(ImageReference image, String reference, DockerConfig secret) throws RegistryException {
        try (RegistryHttp.Response r = get(image, "/manifests/" + reference, Manifest.ACCEPT, secret,
                "manifest " + image.name() + (reference.contains(":") ? "@" : ":") + reference)) {
            byte[] body;
            try {
                body = r.body().readNBytes(MAX_MANIFEST_BYTES + 1);
            } catch (IOException e) {
                throw readFailure(image, e);
            }
            if (body.length > MAX_MANIFEST_BYTES) {
                throw new RegistryResponseException(image.registryHost(), image.repositoryForRegistry(), 0,
                        "manifest " + reference + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
            }
            String digest = Digests.sha256(body);
            String claimed = r.header("Docker-Content-Digest");
            if (claimed != null && Digests.isSupported(claimed) && !claimed.equals(digest)) {
                // the registry says which content it meant to send: a tag lookup is checked too
                checkDigest(image, "manifest " + image.name() + " " + reference + " (Docker-Content-Digest)", claimed, digest);
            }
            return new Fetched(body, r.header("Content-Type"), digest);
        }
    }

    private static Manifest parse(ImageReference image, Fetched f) throws RegistryResponseException {
        try {
            return Manifest.parse(f.body(), f.contentType());
        } catch (IllegalArgumentException e) {
            throw new RegistryResponseException(image.registryHost(), image.repositoryForRegistry(), 0,
                    image + ": " + e.getMessage());
        }
    }

    private static void checkDigest(ImageReference image, String what, String expected, String actual)
            throws DigestMismatchException {
        if (!expected.equals(actual)) {
            throw new DigestMismatchException(image.registryHost(), image.repositoryForRegistry(), what, expected, actual);
        }
    }

    /** A GET under {@code /v2/<repository>}, answering an auth challenge once; non-2xx become typed exceptions. */
    private RegistryHttp.Response get(ImageReference image, String subPath, String accept, DockerConfig secret,
            String what) throws RegistryException {
        String registry = image.registryHost();
        String repository = image.repositoryForRegistry();
        URI uri = URI.create(http.base(registry) + "/v2/" + repository + subPath);
        Optional<Credentials> creds = secret.credentialsFor(image);
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", accept);
        Optional<String> upFront = auth.cached(registry, repository, creds);
        upFront.ifPresent(a -> headers.put("Authorization", a));
        RegistryHttp.Response r = http.send(registry, repository, "GET", uri, headers);
        if (r.status() == 401) {
            String challenge = r.header("WWW-Authenticate");
            r.close();
            auth.invalidate(registry, repository, creds);
            headers.put("Authorization", auth.answer(registry, repository, challenge, creds));
            uri = URI.create(http.base(registry) + "/v2/" + repository + subPath);
            r = http.send(registry, repository, "GET", uri, headers);
            if (r.status() == 401) {
                r.close();
                throw new RegistryAuthException(registry, repository, creds.isPresent()
                        ? "the registry rejected the pull secret's credentials (user " + creds.get().username() + ")"
                        : "the registry requires credentials and the pull secret has none for " + registry);
            }
        }
        if (r.status() >= 200 && r.status() < 300) {
            return r;
        }
        String body = r.text(4096);
        String detail = RegistryErrors.describe(body);
        int status = r.status();
        switch (status) {
            case 403 -> throw new RegistryAuthException(registry, repository, "access denied (HTTP 403" + detail + ")");
            case 404 -> throw new ImageNotFoundException(registry, repository, what + " (HTTP 404" + detail + ")");
            default -> throw new RegistryResponseException(registry, repository, status,
                    "GET " + what + " failed" + (detail.isEmpty() ? "" : " (" + detail.substring(2) + ")"));
        }
    }
}
