package io.hypershift.support.mirrorpolicy;

import io.hypershift.support.imageref.ImageReference;
import io.hypershift.support.imageref.InvalidReferenceException;
import io.hypershift.support.imageref.SourcePattern;
import io.hypershift.support.mirrorpolicy.Finding.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that look at one entry alone: the source and each mirror are valid references for the object's kind,
 * wildcards only where allowed, mirrors present and not repeated, and {@code mirrorSourcePolicy} meaningful.
 *
 * <p>Kind matters: ImageDigestMirrorSet and ImageTagMirrorSet sources must match the API's pattern
 * ({@code host[:port][/path]} or {@code *.host}, no tag or digest) and their mirrors are a {@code listType=set}, so the
 * API server rejects what breaks either. ImageContentSourcePolicy has no such validation, so the same things are
 * warnings there.
 */
public final class EntryRules {
    private EntryRules() {}

    public static List<Finding> check(MirrorEntry e) {
        List<Finding> out = new ArrayList<>();
        checkSource(e, out);
        checkMirrors(e, out);
        checkSourcePolicy(e, out);
        return out;
    }

    private static void checkSource(MirrorEntry e, List<Finding> out) {
        String s = e.source();
        String field = e.field() + ".source";
        if (s == null || s.isEmpty()) {
            out.add(new Finding(Severity.ERROR, Rule.EMPTY_SOURCE, e.object(), field,
                    "source is empty; the entry mirrors nothing (the API server rejects it in an IDMS or ITMS)",
                    "set source to the registry, namespace or repository that pull specs name, or delete the entry"));
            return;
        }
        if (s.indexOf('*') >= 0) {
            try {
                SourcePattern.validateSource(s);
            } catch (InvalidReferenceException ex) {
                out.add(new Finding(Severity.ERROR, Rule.WILDCARD_NOT_ALLOWED, e.object(), field, ex.getMessage(),
                        "a wildcard source is a whole leading host label with nothing after the host, as in "
                                + "*.example.com; list repositories under it as separate sources"));
                return;
            }
            if (e.kind() == PolicyKind.ICSP) {
                out.add(new Finding(Severity.WARNING, Rule.WILDCARD_NOT_ALLOWED, e.object(), field,
                        "wildcard source \"" + s + "\" in an ImageContentSourcePolicy: only ImageDigestMirrorSet and "
                                + "ImageTagMirrorSet document *.host sources",
                        "convert the object to an ImageDigestMirrorSet: hypershift-operator mirror-policy convert --to idms FILE"));
            }
            return;
        }
        try {
            SourcePattern.validateSource(s);
        } catch (InvalidReferenceException ex) {
            out.add(new Finding(Severity.ERROR, Rule.INVALID_REFERENCE, e.object(), field, ex.getMessage(),
                    "write the source as host[:port][/namespace...][/repository], path in lowercase"));
            return;
        }
        if (SourcePattern.isBareHost(s)) {
            return;
        }
        ImageReference ref = ImageReference.parse(s);
        if (ref.tag() == null && ref.digest() == null) {
            return;
        }
        String what = ref.digest() != null ? "a digest" : "a tag";
        if (e.kind().hasSourcePattern()) {
            out.add(new Finding(Severity.ERROR, Rule.SOURCE_TAG_OR_DIGEST, e.object(), field,
                    "source \"" + s + "\" has " + what + "; the " + e.kind().kind() + " schema accepts only "
                            + "host[:port][/namespace...][/repository] or *.host, so the API server rejects it",
                    "use the repository as the source: " + ref.name()));
        } else {
            out.add(new Finding(Severity.WARNING, Rule.SOURCE_TAG_OR_DIGEST, e.object(), field,
                    "source \"" + s + "\" has " + what + ", so the entry mirrors that one reference only, and it "
                            + "cannot be converted to an ImageDigestMirrorSet",
                    "use the repository as the source: " + ref.name()));
        }
    }

    private static void checkMirrors(MirrorEntry e, List<Finding> out) {
        if (e.presentMirrors().isEmpty()) {
            String src = e.source() == null || e.source().isEmpty() ? "the source" : e.source();
            if (e.neverContactSource()) {
                out.add(new Finding(Severity.ERROR, Rule.NEVER_CONTACT_WITHOUT_MIRROR, e.object(),
                        e.field() + ".mirrorSourcePolicy",
                        "NeverContactSource with no mirror: no pull of " + src + " can succeed (the API allows the "
                                + "policy only with one or more mirrors)",
                        "add the mirrors that hold " + src + "'s images, or remove mirrorSourcePolicy"));
            } else {
                out.add(new Finding(Severity.WARNING, Rule.NO_MIRRORS, e.object(), e.field() + ".mirrors",
                        "no mirrors: the entry has no effect and pulls of " + src + " still go to the source",
                        "add the mirrors that hold " + src + "'s images, or delete the entry"));
            }
        }
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < e.mirrors().size(); j++) {
            String m = e.mirrors().get(j);
            String field = e.mirrorField(j);
            if (m == null || m.isEmpty()) {
                out.add(new Finding(Severity.ERROR, Rule.INVALID_REFERENCE, e.object(), field,
                        "empty mirror", "remove the empty item"));
                continue;
            }
            try {
                SourcePattern.validateMirror(m);
            } catch (InvalidReferenceException ex) {
                boolean wildcard = m.indexOf('*') >= 0;
                out.add(new Finding(Severity.ERROR, wildcard ? Rule.WILDCARD_NOT_ALLOWED : Rule.INVALID_REFERENCE,
                        e.object(), field, ex.getMessage(),
                        "write the mirror as host[:port][/namespace...][/repository], without wildcard, tag or digest"));
                continue;
            }
            if (!seen.add(m)) {
                boolean set = e.kind().hasSourcePattern();
                out.add(new Finding(set ? Severity.ERROR : Severity.WARNING, Rule.DUPLICATE_MIRROR, e.object(), field,
                        "mirror \"" + m + "\" is listed twice for " + e.source()
                                + (set ? "; mirrors is a set, so the API server rejects the duplicate value"
                                       : "; the repeat has no effect"),
                        "remove the second \"" + m + "\""));
            }
        }
    }

    private static void checkSourcePolicy(MirrorEntry e, List<Finding> out) {
        String p = e.sourcePolicy();
        if (p == null || p.isEmpty() || p.equals(MirrorEntry.NEVER_CONTACT_SOURCE) || p.equals(MirrorEntry.ALLOW_CONTACTING_SOURCE)) {
            return;
        }
        out.add(new Finding(Severity.ERROR, Rule.UNKNOWN_SOURCE_POLICY, e.object(), e.field() + ".mirrorSourcePolicy",
                "unknown mirrorSourcePolicy \"" + p + "\"; the API server rejects it",
                "use " + MirrorEntry.NEVER_CONTACT_SOURCE + " or " + MirrorEntry.ALLOW_CONTACTING_SOURCE
                        + ", or leave it out (AllowContactingSource)"));
    }
}
