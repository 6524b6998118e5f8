package io.hypershift.operator.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.ComponentImages;
import io.hypershift.operator.components.ControlPlaneInputs;
import io.hypershift.operator.components.ControlPlaneModel;
import io.hypershift.operator.components.ControlPlaneObjects;
import io.hypershift.operator.components.ManagementMirrors;
import io.hypershift.operator.components.ignitionserver.SecretMaterial;
import io.hypershift.operator.components.ignitionserver.SelfSignedMaterial;
import io.hypershift.operator.manifests.ManagementManifests;
import io.hypershift.operator.output.ObjectOutput;
import io.hypershift.operator.release.ReleaseProviderFactory;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.manifests.Manifests;
import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.InvalidPullSecretException;
import io.hypershift.support.registryoverride.MirrorOverridesBuilder;
import io.hypershift.support.registryoverride.OverrideCodec;
import io.hypershift.support.registryoverride.ParseResult;
import io.hypershift.support.registryoverride.PolicyProblem;
import io.hypershift.support.registryoverride.RegistryOverrides;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseInfoJson;
import io.hypershift.support.releaseinfo.ReleaseLookupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code render}: every object the reconciler would write for a HostedCluster, from files only, through the same
 * {@link ControlPlaneModel}. Secrets are redacted unless asked for (see {@link RenderRequest#showSecrets()}).
 */
public final class Renderer {
    public static final String REDACTED_ANNOTATION = "hypershift.openshift.io/render-redacted";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReleaseProviderFactory releases;
    private final Clock clock;

    public Renderer(ReleaseProviderFactory releases, Clock clock) {
        this.releases = releases;
        this.clock = clock;
    }

    /** The YAML stream or JSON List; notes (skipped files, warnings) go to {@code notes}. */
    public String render(RenderRequest r, Consumer<String> notes) {
        HostedCluster hc = ManagementManifests.readHostedCluster(r.hostedCluster());
        io.hypershift.support.manifests.Policies policies = ManagementManifests.readPolicies(r.managementManifests(), notes);
        MirrorOverridesBuilder.Result mirrors = MirrorOverridesBuilder.build(policies);
        MirrorOverridesBuilder.Result tagMirrors = MirrorOverridesBuilder.buildTagMirrors(policies);
        List<PolicyProblem> problems = new java.util.ArrayList<>(mirrors.problems());
        problems.addAll(tagMirrors.problems());
        for (PolicyProblem p : problems) {
            if (p.rejectedByApiServer()) {
                throw new UserInputException(p.describe());
            }
            // what the operator would build: the rest of the policy, the bad entry reported
            notes.accept("warning: " + p.describe());
        }
        ParseResult<RegistryOverrides> ro = OverrideCodec.parseRegistryOverrides(r.registryOverrides());
        ro.warnings().forEach(w -> notes.accept("warning: --registry-overrides: " + w));
        byte[] pullSecret = r.pullSecret() == null ? null : read(r.pullSecret(), "--pull-secret");
        DockerConfig auth = DockerConfig.empty();
        if (pullSecret != null) {
            try {
                auth = DockerConfig.parse(pullSecret, r.pullSecret().toString());
            } catch (InvalidPullSecretException e) {
                throw new UserInputException(e.getMessage());
            }
        } else {
            notes.accept("note: no --pull-secret: the pull-secret copy is not rendered (the operator reports SecretNotFound)");
        }
        ReleaseImage release = release(r, hc, mirrors, tagMirrors, ro.value(), auth, notes);
        SecretMaterial material = r.showSecrets() ? new SelfSignedMaterial(new SecureRandom(), clock) : SecretMaterial.NONE;
        ControlPlaneObjects objects;
        try {
            objects = ControlPlaneModel.render(new ControlPlaneInputs(hc, mirrors.overrides(), tagMirrors.overrides(),
                    ro.value(), release,
                    pullSecret, r.images(), Optional.empty(), Optional.empty()), material, clock.instant());
        } catch (ComponentImages.MissingImageException e) {
            throw new UserInputException(e.getMessage());
        }
        List<String> oversized = objects.overrides().oversized();
        if (!oversized.isEmpty()) {
            throw new UserInputException("the overrides are too large for a pod to start: " + String.join("; ", oversized));
        }
        List<HasMetadata> all = objects.all();
        if (!r.showSecrets()) {
            all.stream().filter(o -> o instanceof Secret).forEach(o -> redact((Secret) o));
        }
        return r.json() ? ObjectOutput.jsonList(all) : ObjectOutput.yamlStream(all);
    }

    private ReleaseImage release(RenderRequest r, HostedCluster hc, MirrorOverridesBuilder.Result mirrors,
            MirrorOverridesBuilder.Result tagMirrors, RegistryOverrides ro, DockerConfig auth, Consumer<String> notes) {
        String image = hc.getSpec().getRelease().getImage();
        if (r.releaseImageInfo() != null) {
            ReleaseImage info = ReleaseInfoJson.read(r.releaseImageInfo());
            if (!image.equals(info.image())) {
                notes.accept("warning: " + r.releaseImageInfo() + " describes " + info.image() + ", not the HostedCluster's "
                        + image);
            }
            return info;
        }
        try {
            return releases.create(ManagementMirrors.forCluster(hc, mirrors.overrides()),
                    ManagementMirrors.forCluster(hc, tagMirrors.overrides()), ro).lookup(image, auth);
        } catch (ReleaseLookupException e) {
            throw new UserInputException("failed to lookup release image: " + e.getMessage()
                    + " (give --release-image-info FILE to render offline)");
        }
    }

    /**
     * The pull-secret copy keeps its registry names with each credential replaced; the generated token and
     * certificate Secrets are empty here (the operator generates them in the cluster and keeps them).
     */
    static void redact(Secret s) {
        s.getMetadata().getAnnotations().put(REDACTED_ANNOTATION, "true");
        if (!ControlPlaneContract.PULL_SECRET_NAME.equals(s.getMetadata().getName()) || s.getData() == null) {
            return;
        }
        String key = ControlPlaneContract.PULL_SECRET_KEY;
        byte[] raw = Base64.getDecoder().decode(s.getData().get(key));
        ObjectNode auths = JSON.createObjectNode();
        DockerConfig.parse(raw, "pull secret").registries().stream().sorted()
                .forEach(reg -> auths.putObject(reg).put("auth", "REDACTED"));
        ObjectNode root = JSON.createObjectNode();
        root.set("auths", auths);
        java.util.Map<String, String> data = new java.util.LinkedHashMap<>(s.getData());
        data.put(key, Base64.getEncoder().encodeToString(root.toString().getBytes(StandardCharsets.UTF_8)));
        s.setData(data);
    }

    private static byte[] read(Path p, String flag) {
        try (java.io.InputStream in = Files.newInputStream(p)) {
            byte[] data = in.readNBytes((int) Manifests.MAX_FILE_BYTES + 1);
            if (data.length > Manifests.MAX_FILE_BYTES) {
                throw new UserInputException(flag + ": " + p + ": more than " + (Manifests.MAX_FILE_BYTES >> 20)
                        + " MiB");
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new UserInputException(flag + ": " + p + ": no such file");
        } catch (IOException e) {
            throw new UserInputException(flag + ": " + p + ": cannot read: " + e.getMessage());
        }
    }
}
