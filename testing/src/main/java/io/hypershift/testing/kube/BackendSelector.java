package io.hypershift.testing.kube;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the backend of a test class. Pure: what is installed comes from a {@link Probe}.
 *
 * <ul>
 *   <li>A backend named by {@code -De2e.backend} or {@code @KubeTest(backend = ...)} is used if it is available;
 *       otherwise the tests fail, naming what is missing. A class pinned to k3s while {@code -De2e.backend=auto} is
 *       the one exception: k3s is optional here, so those tests are skipped (and reported as skipped).</li>
 *   <li>{@code auto}: a kubeconfig given by {@code -De2e.kubeconfig}; else the cheapest real backend that has every
 *       capability the class's tests declare: the bare apiserver (seconds to start) for object-level classes, the k3s
 *       node (a cluster whose controllers run and Pods start) for a class with a test that needs
 *       {@link Capability#CONTROLLERS}. Where none has them all, the first available, and the tests that need more
 *       are skipped, naming what they lack. The probes build missing binaries and images on first use. Never the
 *       mock: it runs only when asked for by name, since it lacks what real API servers do (server-side apply,
 *       validation, discovery, authorization) and a silent fallback hides that.</li>
 * </ul>
 */
public final class BackendSelector {

    /** What is installed. Each method is called at most once per selection, and only when needed. */
    public interface Probe {
        Availability k3s(String image);

        Availability apiserver();

        Availability kubeconfig(java.nio.file.Path file);
    }

    /** The real backends {@code auto} may take, cheapest (fastest to start) first. */
    private static final List<Backend> AUTO_ORDER = List.of(Backend.APISERVER, Backend.K3S);

    private final KubeSettings settings;
    private final Probe probe;

    public BackendSelector(KubeSettings settings, Probe probe) {
        this.settings = settings;
        this.probe = probe;
    }

    /** The backend for a class with no test that declares a capability. */
    public Selection select(Optional<Backend> pinned) {
        return select(pinned, Set.of());
    }

    /**
     * The backend for a class, {@code pinned} by its {@code @KubeTest(backend = ...)} or not, whose tests declare
     * {@code wanted} (the union over the class and its methods).
     */
    public Selection select(Optional<Backend> pinned, Set<Capability> wanted) {
        if (pinned.isPresent()) {
            Backend b = pinned.get();
            Availability a = availability(b);
            if (a.available()) {
                return Selection.run(b, "@KubeTest(backend = " + b + "): " + a.detail());
            }
            if (b == Backend.K3S && settings.backend().isEmpty()) {
                return Selection.skip("@KubeTest(backend = k3s) under -De2e.backend=auto, and k3s is unavailable: "
                        + a.detail());
            }
            return Selection.fail("@KubeTest(backend = " + b + ") but " + b + " is unavailable: " + a.detail());
        }
        if (settings.backend().isPresent()) {
            Backend b = settings.backend().get();
            Availability a = availability(b);
            return a.available() ? Selection.run(b, settings.requestedAs() + ": " + a.detail())
                    : Selection.fail(settings.requestedAs() + " but " + b + " is unavailable: " + a.detail());
        }
        return auto(wanted);
    }

    private Selection auto(Set<Capability> wanted) {
        if (settings.kubeconfig().isPresent()) {
            Availability a = availability(Backend.KUBECONFIG);
            return a.available() ? Selection.run(Backend.KUBECONFIG, "auto with -De2e.kubeconfig: " + a.detail())
                    : Selection.fail("-De2e.kubeconfig is set but unusable: " + a.detail());
        }
        // first the backends that have everything the class declares, cheapest first; then, so that the tests
        // needing more are skipped rather than failed, the others
        List<Backend> candidates = new ArrayList<>(AUTO_ORDER);
        candidates.sort(Comparator.comparing(b -> !b.capabilities().containsAll(wanted)));
        List<String> passed = new ArrayList<>();
        for (Backend b : candidates) {
            Availability a = availability(b);
            if (a.available()) {
                String why = b.capabilities().containsAll(wanted)
                        ? "auto" + (wanted.isEmpty() ? "" : ", the class needs " + wanted)
                        : "auto, no available backend has all of " + wanted;
                return Selection.run(b, why + trail(passed) + ": " + a.detail());
            }
            passed.add(b + " unavailable (" + a.detail() + ")");
        }
        return Selection.fail("-De2e.backend=auto found no real API server" + trail(passed)
                + "; build the binaries with hack/kube-apiserver.sh, or run on the fabric8 mock by name with"
                + " -De2e.backend=mock");
    }

    private Availability availability(Backend b) {
        return switch (b) {
            case K3S -> probe.k3s(settings.k3sImage());
            case APISERVER -> probe.apiserver();
            case KUBECONFIG -> settings.kubeconfig().map(probe::kubeconfig)
                    .orElse(Availability.no("no -De2e.kubeconfig=FILE given"));
            case MOCK -> Availability.yes("fabric8 CRUD mock server");
        };
    }

    private static String trail(List<String> passed) {
        return passed.isEmpty() ? "" : "; " + String.join("; ", passed);
    }
}
