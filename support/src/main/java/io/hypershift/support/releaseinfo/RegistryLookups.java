package io.hypershift.support.releaseinfo;

import io.hypershift.support.registry.Platform;
import io.hypershift.support.registry.RegistryClient;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Wires the release provider and the image locator of one process over one {@link RegistryClient}:
 * <pre>
 * release provider = cache( mirrors( RO( registry ) ) )
 * image locator    = cache( mirrors + RO → first candidate whose registry serves the manifest )
 * </pre>
 * Build one per set of overrides and keep it: the caches live in it.
 * <pre>{@code
 * RegistryLookups lookups = RegistryLookups.builder()
 *         .mirrorOverrides(mirrors)            // from ICSP/IDMS or OPENSHIFT_IMG_OVERRIDES
 *         .tagMirrorOverrides(tagMirrors)      // from ITMS, for tag references (optional)
 *         .registryOverrides(ro)               // --registry-overrides
 *         .clientOptions(RegistryClientOptions.defaults().withCaBundle(ca).withInsecureHosts(insecure))
 *         .build();
 * ReleaseImage release = lookups.releaseProvider().lookup(image, pullSecret);
 * LocatedImage mco = lookups.imageLocator().locate(release.componentImage("machine-config-operator"), pullSecret);
 * }</pre>
 */
public final class RegistryLookups {
    /** How long a lookup by tag is trusted. */
    public static final Duration DEFAULT_TAG_TTL = Duration.ofMinutes(10);

    private final RegistryClient client;
    private final CachingReleaseProvider releaseProvider;
    private final MirroredImageLocator imageLocator;

    private RegistryLookups(Builder b) {
        this.client = b.client != null ? b.client : new RegistryClient(b.options);
        this.imageLocator = new MirroredImageLocator(client, b.mirrors, b.tagMirrors, b.registryOverrides, b.clock,
                b.tagTtl);
        ReleaseProvider registry = new RegistryReleaseProvider(client, b.platform);
        ReleaseProvider ro = new RegistryOverridesReleaseProvider(registry, b.registryOverrides);
        ReleaseProvider mirrored = new MirroredReleaseProvider(ro, b.mirrors, b.tagMirrors, imageLocator,
                client.options().deadlines().lookup());
        this.releaseProvider = new CachingReleaseProvider(mirrored, b.clock, b.tagTtl);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mirror-aware, RO-aware, cached. */
    public ReleaseProvider releaseProvider() {
        return releaseProvider;
    }

    /** Live translation of single images (e.g. for the ignition-server), cached. */
    public ImageLocator imageLocator() {
        return imageLocator;
    }

    public RegistryClient client() {
        return client;
    }

    public static final class Builder {
        private RegistryClient client;
        private RegistryClientOptions options = RegistryClientOptions.defaults();
        private MirrorOverrides mirrors = MirrorOverrides.empty();
        private MirrorOverrides tagMirrors = MirrorOverrides.empty();
        private RegistryOverrides registryOverrides = RegistryOverrides.empty();
        private Clock clock = Clock.systemUTC();
        private Duration tagTtl = DEFAULT_TAG_TTL;
        private Platform platform = Platform.LINUX_AMD64;

        private Builder() {}

        public Builder mirrorOverrides(MirrorOverrides m) {
            this.mirrors = Objects.requireNonNull(m);
            return this;
        }

        /** The ImageTagMirrorSets' mirrors: tried first for tag references only (default: none). */
        public Builder tagMirrorOverrides(MirrorOverrides m) {
            this.tagMirrors = Objects.requireNonNull(m);
            return this;
        }

        public Builder registryOverrides(RegistryOverrides ro) {
            this.registryOverrides = Objects.requireNonNull(ro);
            return this;
        }

        /** TLS (CA bundle, insecure hosts), timeouts and retries; ignored when {@link #client} is set. */
        public Builder clientOptions(RegistryClientOptions o) {
            this.options = Objects.requireNonNull(o);
            return this;
        }

        /** Shares a client (its connections and tokens) with other users. */
        public Builder client(RegistryClient c) {
            this.client = Objects.requireNonNull(c);
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        public Builder tagTtl(Duration ttl) {
            this.tagTtl = Objects.requireNonNull(ttl);
            return this;
        }

        /** The platform picked from multi-arch release images (default linux/amd64). */
        public Builder platform(Platform p) {
            this.platform = Objects.requireNonNull(p);
            return this;
        }

        public RegistryLookups build() {
            return new RegistryLookups(this);
        }
    }
}
