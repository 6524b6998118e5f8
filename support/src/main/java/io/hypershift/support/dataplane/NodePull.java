package io.hypershift.support.dataplane;

import java.util.ArrayList;
import java.util.List;

/**
 * What a node does with one image: the pull sources it tries, in order, and which of them it refuses because their
 * registry is blocked; or why the pull fails before any source is tried.
 *
 * @param image the image as the node normalises it ({@code docker.io/library/} added, {@code :latest} when there is
 *     neither tag nor digest), or as given when it does not parse
 * @param attempts the pull sources, in order; empty when {@code failure} is set
 * @param failure why the pull fails outright, or null
 */
public record NodePull(String image, List<Attempt> attempts, String failure) {
    /** One pull source; {@code blockedBy} is the blocked prefix that refuses it, or null when it is contacted. */
    public record Attempt(String reference, String blockedBy) {
        public boolean contacted() {
            return blockedBy == null;
        }

        String refusal() {
            return "registry " + blockedBy + " is blocked in " + NodeRegistries.CONFIG_PATH + " or "
                    + NodeRegistries.CONFIG_PATH + ".d";
        }
    }

    public NodePull {
        attempts = List.copyOf(attempts);
    }

    static NodePull failed(String image, String failure) {
        return new NodePull(image, List.of(), failure);
    }

    /** The references the node contacts, in order. */
    public List<String> contacted() {
        return attempts.stream().filter(Attempt::contacted).map(Attempt::reference).toList();
    }

    /**
     * Why the pull cannot succeed whatever the registries hold, in the runtime's words: the failure, or, when every
     * source is refused, each refusal (the mirrors' in brackets, then the last source's). Empty when some source is
     * contacted.
     */
    public String cannotPull() {
        if (failure != null) {
            return failure;
        }
        if (attempts.stream().anyMatch(Attempt::contacted)) {
            return "";
        }
        Attempt last = attempts.get(attempts.size() - 1);
        if (attempts.size() == 1) {
            return last.refusal();
        }
        List<String> extras = new ArrayList<>();
        attempts.subList(0, attempts.size() - 1).forEach(a -> extras.add("[" + a.reference() + ": " + a.refusal() + "]"));
        return "(Mirrors also failed: " + String.join(" ", extras) + "): " + last.reference() + ": "
                + last.refusal();
    }
}
