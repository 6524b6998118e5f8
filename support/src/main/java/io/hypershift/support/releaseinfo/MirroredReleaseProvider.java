package io.hypershift.support.releaseinfo;

import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.registry.DockerConfig;
import io.hypershift.support.registry.LookupDeadline;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.Match;
import io.hypershift.support.registryoverride.MirrorOverrides;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirror decorator (SPEC §6; HyperShift: {@code ProviderWithOpenShiftImageRegistryOverridesDecorator}): tries the
 * candidates of the release pull spec (SPEC §5) in order, logs each failure with its reason, and returns the first
 * release found, with {@code servedBy} naming the candidate that served it. When every candidate fails, the error
 * lists each one and why.
 *
 * <p>Component pull specs are rewritten with the same overrides, to one position among their source's mirrors:
 * <ul>
 *   <li>a component under the source that matched the release goes to the mirror that served the release (or stays
 *       at the source when the source served it). A mirror made by {@code oc-mirror} or {@code oc adm release mirror}
 *       holds a release and its components together, so this costs no request;</li>
 *   <li>components under another source are placed by asking the {@link ImageLocator} about one of them (one
 *       manifest request per candidate of that source, cached); all components of that source follow the answer. If
 *       no candidate serves it, they go to the source's first mirror, with a warning;</li>
 *   <li>components that match no source stay as they are.</li>
 * </ul>
 * The delegate's components are rewritten, so with the RO decorator inside this one a component that RO has moved no
 * longer matches a mirror source and keeps its RO target.
 */
public final class MirroredReleaseProvider implements ReleaseProvider {
    private static final Logger LOG = LoggerFactory.getLogger(MirroredReleaseProvider.class);

    private final ReleaseProvider delegate;
    private final MirrorOverrides mirrors;
    private final MirrorOverrides tagMirrors;
    private final ImageLocator locator;
    private final Duration lookupDeadline;

    /**
     * @param locator places components whose source differs from the release's; {@code null} sends them to their
     *     source's first mirror without asking
     */
    public MirroredReleaseProvider(ReleaseProvider delegate, MirrorOverrides mirrors, ImageLocator locator) {
        this(delegate, mirrors, locator, RegistryClientOptions.Deadlines.DEFAULT_LOOKUP);
    }

    /** @param lookupDeadline one lookup over every candidate, the component locations included */
    public MirroredReleaseProvider(ReleaseProvider delegate, MirrorOverrides mirrors, ImageLocator locator,
            Duration lookupDeadline) {
        this(delegate, mirrors, MirrorOverrides.empty(), locator, lookupDeadline);
    }

    /**
     * @param tagMirrors the ImageTagMirrorSets' mirrors: tried first for a release named by tag, never for one named by
     *     digest ({@link MirrorOverrides#candidates(String, MirrorOverrides)})
     */
    public MirroredReleaseProvider(ReleaseProvider delegate, MirrorOverrides mirrors, MirrorOverrides tagMirrors,
            ImageLocator locator, Duration lookupDeadline) {
        this.delegate = delegate;
        this.mirrors = mirrors;
        this.tagMirrors = tagMirrors;
        this.locator = locator;
        this.lookupDeadline = lookupDeadline;
    }

    @Override
    public ReleaseImage lookup(String image, DockerConfig pullSecret) throws ReleaseLookupException {
        try {
            ImageReference.parse(image);
        } catch (InvalidReferenceException e) {
            throw new ReleaseLookupException(e.getMessage());
        }
        if (mirrors.isEmpty() && mirrors.neverContactSources().isEmpty()
                && tagMirrors.isEmpty() && tagMirrors.neverContactSources().isEmpty()) {
            return delegate.lookup(image, pullSecret);
        }
        try (LookupDeadline deadline = LookupDeadline.start(lookupDeadline)) {
            return lookupCandidates(image, pullSecret);
        }
    }

    private ReleaseImage lookupCandidates(String image, DockerConfig pullSecret) throws ReleaseLookupException {
        Candidates tried = new Candidates("release image " + image);
        List<String> digestCandidates = mirrors.candidates(image);
        for (String candidate : mirrors.candidates(image, tagMirrors)) {
            try {
                ReleaseImage r = delegate.lookup(candidate, pullSecret);
                if (!candidate.equals(image)) {
                    LOG.info("release image {} is served by mirror {}", image, r.servedBy());
                }
                Map<String, String> components = rewriteComponents(image, candidate,
                        !digestCandidates.contains(candidate), r.componentImages(), pullSecret);
                return new ReleaseImage(image, r.servedBy(), r.digest(), r.version(), components, r.labels());
            } catch (ReleaseLookupException e) {
                tried.failed(LOG, candidate, e);
            }
        }
        throw new ReleaseLookupException(tried.message(), "InvalidImage", tried.lastCause());
    }

    /**
     * @param byTagMirror the release was served by a tag mirror: that says nothing about where its source's digests
     *     are, so its components are located like those of any other source
     */
    private Map<String, String> rewriteComponents(String image, String servedBy, boolean byTagMirror,
            Map<String, String> components, DockerConfig pullSecret) {
        Optional<Match<List<String>>> releaseMatch = byTagMirror ? Optional.empty() : mirrors.match(image);
        // the position among the release source's mirrors that served the release; -1 for the source itself
        int releasePosition = releaseMatch.map(m -> position(m, image, servedBy)).orElse(-1);
        Map<String, Integer> positionBySource = new TreeMap<>();
        releaseMatch.ifPresent(m -> positionBySource.put(m.source(), releasePosition));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : components.entrySet()) {
            String spec = c.getValue();
            Optional<Match<List<String>>> m = mirrors.match(spec);
            if (m.isEmpty() || m.get().value().isEmpty()) {
                out.put(c.getKey(), spec);
                continue;
            }
            Match<List<String>> match = m.get();
            int pos = positionBySource.computeIfAbsent(match.source(), s -> locate(match, spec, pullSecret));
            out.put(c.getKey(), pos < 0 ? spec : match.rewrite(spec, match.value().get(pos)));
        }
        return out;
    }

    /** Where the components of a source other than the release's are served, judged by one of them. */
    private int locate(Match<List<String>> match, String sample, DockerConfig pullSecret) {
        if (locator == null) {
            return 0;
        }
        try {
            LocatedImage found = locator.locate(sample, pullSecret);
            return position(match, sample, found.pullSpec());
        } catch (ImageLookupException e) {
            LOG.warn("components under {}: no candidate serves {}; using the first mirror {}: {}", match.source(),
                    sample, match.value().get(0), e.getMessage());
            return 0;
        }
    }

    /** Which mirror of {@code match} turned {@code image} into {@code served}; -1 when none did (the source). */
    private static int position(Match<List<String>> match, String image, String served) {
        List<String> ms = match.value();
        for (int i = 0; i < ms.size(); i++) {
            if (match.rewrite(image, ms.get(i)).equals(served)) {
                return i;
            }
        }
        return -1;
    }
}
