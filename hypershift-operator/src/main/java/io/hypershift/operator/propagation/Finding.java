package io.hypershift.operator.propagation;

import java.util.List;

/**
 * One propagated string compared: which Deployment, which field ({@code arg --registry-overrides} or
 * {@code env OPENSHIFT_IMG_OVERRIDES}), what it should be, what it is ({@code null} when absent), and hints at
 * known causes of a difference. Only {@code env OPENSHIFT_IMG_TAG_OVERRIDES} can be expected absent ({@code null}):
 * it is written only when the management cluster has ImageTagMirrorSets.
 */
public record Finding(String deployment, String field, String expected, String actual, List<String> hints) {
    public Finding {
        hints = List.copyOf(hints);
    }

    public boolean ok() {
        return java.util.Objects.equals(expected, actual);
    }
}
