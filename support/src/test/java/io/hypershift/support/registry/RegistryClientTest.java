package io.hypershift.support.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.releaseinfo.ImageLookupException;
import io.hypershift.support.releaseinfo.LocatedImage;
import io.hypershift.support.releaseinfo.RegistryLookups;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseLookupException;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.support.testing.OciImages;
import io.hypershift.support.testing.Skopeo;
import io.hypershift.support.testing.ReleaseFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The registry client against real registries (Debian docker-registry on 127.0.0.1): TLS with the class's CA and
 * bcrypt auth, a plain-HTTP one, and one whose storage the test corrupts.
 */
class RegistryClientTest {
    @RegisterExtension
    static final LocalRegistry secure = LocalRegistry.named("secure").tls().auth("carol", "right-pass");
    @RegisterExtension
    static final LocalRegistry plain = LocalRegistry.named("plain");
    @RegisterExtension
    static final LocalRegistry tampered = LocalRegistry.named("tampered").tls();

    static ReleaseFixture.Release release;
    static ReleaseFixture.Release multiArch;
    static ReleaseFixture.Release plainRelease;

    @BeforeAll
    static void push() {
        release = ReleaseFixture.builder().version("4.17.0").components(2).pushTo(secure);
        multiArch = ReleaseFixture.builder().version("4.17.1").components(1).multiArch().pushTo(secure);
        plainRelease = ReleaseFixture.builder().version("4.15.9").components(1).pushTo(plain);
    }

    static RegistryClientOptions withCa() {
        return RegistryClientOptions.defaults().withCaBundle(secure.caFile()).withRetries(2, Duration.ofMillis(10));
    }

    static ReleaseImage lookup(RegistryClientOptions options, String image, DockerConfig secret) throws Exception {
        return RegistryLookups.builder().clientOptions(options).build().releaseProvider().lookup(image, secret);
    }

    static DockerConfig secret(String host, String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return DockerConfig.parse(("{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}")
                .getBytes(StandardCharsets.UTF_8), "test");
    }

    @Test
    @DisplayName("When TLS, auth and the CA are right, it should read the release by tag and by digest")
    void readsRelease() throws Exception {
        ReleaseImage byTag = lookup(withCa(), release.pullSpec(), secure.pullSecret());
        assertThat(byTag.version()).isEqualTo("4.17.0");
        assertThat(byTag.digest()).isEqualTo(release.digest());
        assertThat(byTag.componentImages()).isEqualTo(release.components());
        ReleaseImage byDigest = lookup(withCa(), release.pullSpecByDigest(), secure.pullSecret());
        assertThat(byDigest.componentImages()).isEqualTo(release.components());
    }

    @Test
    @DisplayName("When the release is multi-arch, it should pick linux/amd64 by default and the asked platform otherwise")
    void multiArchPicksPlatform() throws Exception {
        ReleaseImage amd = lookup(withCa(), multiArch.pullSpec(), secure.pullSecret());
        assertThat(amd.labels()).containsEntry("arch", "amd64");
        assertThat(amd.digest()).as("the index digest identifies the release").isEqualTo(multiArch.digest());
        ReleaseImage arm = RegistryLookups.builder().clientOptions(withCa()).platform(Platform.parse("linux/arm64"))
                .build().releaseProvider().lookup(multiArch.pullSpec(), secure.pullSecret());
        assertThat(arm.labels()).containsEntry("arch", "arm64");
        RegistryClient client = new RegistryClient(withCa());
        assertThatThrownBy(() -> client.resolve(ImageReference.parse(multiArch.pullSpec()), secure.pullSecret(),
                Platform.parse("linux/s390x")))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("linux/s390x").hasMessageContaining("[linux/amd64, linux/arm64]");
    }

    @Test
    @DisplayName("When a mirror serves content that does not hash to the digest asked for, it should reject it")
    void digestMismatchRejected() throws Exception {
        ReleaseFixture.Release r = ReleaseFixture.builder().version("4.17.2").components(1).pushTo(tampered);
        Path manifest = tampered.blobData(r.digest());
        String original = Files.readString(manifest);
        assertThat(original).contains("tar+gzip");
        Files.writeString(manifest, original.replaceFirst("tar\\+gzip", "tar+gzjp")); // same length, other hash
        try {
            assertThatThrownBy(() -> lookup(withCa(), r.pullSpecByDigest(), DockerConfig.empty()))
                    .isInstanceOf(ReleaseLookupException.class)
                    .hasMessageContaining("digest mismatch")
                    .hasMessageContaining("should be " + r.digest())
                    .hasMessageContaining("registry " + tampered.hostPort())
                    .cause().isInstanceOf(DigestMismatchException.class);
            // by tag, the registry's Docker-Content-Digest header is the expected digest
            assertThatThrownBy(() -> lookup(withCa(), r.pullSpec(), DockerConfig.empty()))
                    .hasMessageContaining("digest mismatch").cause().isInstanceOf(DigestMismatchException.class);
        } finally {
            Files.writeString(manifest, original);
        }
        // a corrupt layer is caught at the end of its stream
        ImageReference ref = ImageReference.parse(r.pullSpecByDigest());
        RegistryClient client = new RegistryClient(withCa());
        Descriptor top = client.resolve(ref, DockerConfig.empty(), Platform.LINUX_AMD64).manifest().layers().get(1);
        Path layer = tampered.blobData(top.digest());
        byte[] bytes = Files.readAllBytes(layer);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(layer, bytes);
        assertThatThrownBy(() -> lookup(withCa(), r.pullSpecByDigest(), DockerConfig.empty()))
                .isInstanceOf(ReleaseLookupException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("digest mismatch: blob " + top.digest(),
                        "layer " + top.digest()));
    }

    @Test
    @DisplayName("When the pull secret has the wrong password, it should fail with an auth error naming the registry "
            + "and never the secret")
    void wrongCredentials() {
        DockerConfig wrong = secret(secure.hostPort(), "carol", "wrong-pass-9f3a");
        assertThatThrownBy(() -> lookup(withCa(), release.pullSpec(), wrong))
                .isInstanceOf(ReleaseLookupException.class)
                .hasMessageContaining("unauthorized: registry " + secure.hostPort() + " repository " + release.releaseRepository())
                .hasMessageContaining("rejected the pull secret's credentials (user carol)")
                .hasMessageNotContaining("wrong-pass-9f3a")
                .hasMessageNotContaining(Base64.getEncoder().encodeToString("carol:wrong-pass-9f3a".getBytes(StandardCharsets.UTF_8)))
                .cause().isInstanceOf(RegistryAuthException.class);
        assertThatThrownBy(() -> lookup(withCa(), release.pullSpec(), DockerConfig.empty()))
                .hasMessageContaining("unauthorized: registry " + secure.hostPort())
                .hasMessageContaining("the pull secret has no credentials for it");
    }

    @Test
    @DisplayName("When the registry's CA is not given, it should fail with a TLS error naming the registry")
    void missingCa() {
        RegistryClientOptions noCa = RegistryClientOptions.defaults().withRetries(1, Duration.ZERO);
        assertThatThrownBy(() -> lookup(noCa, release.pullSpec(), secure.pullSecret()))
                .isInstanceOf(ReleaseLookupException.class)
                .hasMessageContaining("TLS handshake with registry " + secure.hostPort())
                .hasMessageContaining("unable to find valid certification path")
                .hasMessageContaining("--registry-ca-file")
                .cause().isInstanceOf(RegistryTlsException.class);
    }

    @Test
    @DisplayName("When a registry is marked insecure, it should accept its unknown certificate, and speak plain HTTP to "
            + "one without TLS")
    void insecureHosts() throws Exception {
        RegistryClientOptions insecure = RegistryClientOptions.defaults()
                .withInsecureHosts(Set.of(secure.hostPort(), plain.hostPort()));
        assertThat(lookup(insecure, release.pullSpec(), secure.pullSecret()).version()).isEqualTo("4.17.0");
        assertThat(lookup(insecure, plainRelease.pullSpec(), DockerConfig.empty()).version()).isEqualTo("4.15.9");
        // not marked: plain HTTP is never tried
        assertThatThrownBy(() -> lookup(withCa(), plainRelease.pullSpec(), DockerConfig.empty()))
                .cause().isInstanceOf(RegistryTlsException.class);
    }

    @Test
    @DisplayName("When a release image's manifests are malformed, it should name the image, the file and the field")
    void malformedReleaseManifests() throws Exception {
        OciImages oci = new OciImages(tampered.dir().resolveSibling("oci-malformed"));
        String refs = "{\"kind\":\"ImageStream\",\"spec\":{\"tags\":[{\"name\":\"cli\",\"from\":{\"name\":\"Not A Ref\"}}]}}";
        oci.tag("bad-refs", oci.image("amd64", Map.of(), List.of(OciImages.layer(Map.of(
                "release-manifests/image-references", refs.getBytes(StandardCharsets.UTF_8),
                "release-manifests/release-metadata", "{\"version\":\"4.17.9\"}".getBytes(StandardCharsets.UTF_8))))));
        oci.tag("no-version", oci.image("amd64", Map.of(), List.of(OciImages.layer(Map.of(
                "release-manifests/image-references", "{\"spec\":{\"tags\":[{\"name\":\"cli\",\"from\":{\"name\":\"quay.io/a/b:c\"}}]}}"
                        .getBytes(StandardCharsets.UTF_8),
                "release-manifests/release-metadata", "{\"kind\":\"cincinnati-metadata-v0\"}".getBytes(StandardCharsets.UTF_8))))));
        Skopeo.push(oci, "bad-refs", tampered, "malformed/release:bad-refs");
        Skopeo.push(oci, "no-version", tampered, "malformed/release:no-version");
        String badRefs = tampered.hostPort() + "/malformed/release:bad-refs";
        String noVersion = tampered.hostPort() + "/malformed/release:no-version";

        assertThatThrownBy(() -> lookup(withCa(), badRefs, DockerConfig.empty()))
                .isInstanceOf(ReleaseLookupException.class)
                .hasMessageStartingWith(badRefs + ": ")
                .hasMessageContaining("release-manifests/image-references: spec.tags[0] (cli).from.name: "
                        + "invalid image reference \"Not A Ref\"");
        assertThatThrownBy(() -> lookup(withCa(), noVersion, DockerConfig.empty()))
                .isInstanceOf(ReleaseLookupException.class)
                .hasMessage(noVersion + ": release-manifests/release-metadata: version: missing or not a string");
    }

    @Test
    @DisplayName("When an image is missing, it should say not found with the registry and repository")
    void notFound() {
        String missing = secure.hostPort() + "/no/such-repo:1.0";
        assertThatThrownBy(() -> lookup(withCa(), missing, secure.pullSecret()))
                .hasMessageContaining("not found in registry " + secure.hostPort() + " repository no/such-repo")
                .cause().isInstanceOf(ImageNotFoundException.class);
    }

    @Test
    @DisplayName("When an image is located through mirrors, it should return the first candidate that serves it, with "
            + "its digest, and cache the answer")
    void imageLocator() throws Exception {
        String component = release.components().get("component-0");
        String digest = ImageReference.parse(component).digest();
        String ghost = "127.0.0.1:1/nothing";
        MirrorOverrides overrides = MirrorOverrides.of(Map.of("example.invalid/ocp",
                List.of(ghost, secure.hostPort() + "/" + release.componentRepository())));
        RegistryLookups lookups = RegistryLookups.builder().mirrorOverrides(overrides).clientOptions(withCa()).build();
        String asked = "example.invalid/ocp@" + digest;

        LocatedImage found = lookups.imageLocator().locate(asked, secure.pullSecret());

        assertThat(found.pullSpec()).isEqualTo(component);
        assertThat(found.digest()).isEqualTo(digest);
        assertThat(found.pullSpecByDigest()).isEqualTo(component);
        secure.markLog();
        assertThat(lookups.imageLocator().locate(asked, secure.pullSecret())).isEqualTo(found);
        assertThat(secure.requests()).as("a digest answer is cached").isEmpty();

        assertThatThrownBy(() -> lookups.imageLocator().locate("example.invalid/ocp@sha256:" + "0".repeat(64),
                secure.pullSecret()))
                .isInstanceOf(ImageLookupException.class)
                .hasMessageContaining("all 3 candidates failed")
                .hasMessageContaining("[" + ghost + "@sha256:")
                .hasMessageContaining("not found in registry " + secure.hostPort())
                .hasMessageContaining("[example.invalid/ocp@sha256:");
    }
}
