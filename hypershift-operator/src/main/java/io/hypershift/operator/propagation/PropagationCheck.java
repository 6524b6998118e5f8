package io.hypershift.operator.propagation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.operator.components.PropagatedOverrides;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares the override strings that the control-plane-operator and ignition-server Deployments carry with the
 * expected ones (SPEC §7). Pure; the reconciler derives {@code RegistryOverridesPropagated} from it and
 * {@code diagnose} prints it.
 */
public final class PropagationCheck {
    public static final String ARG = "arg " + ControlPlaneContract.FLAG_REGISTRY_OVERRIDES;
    public static final String ENV = "env " + ControlPlaneContract.ENV_IMG_OVERRIDES;
    public static final String TAG_ENV = "env " + ControlPlaneContract.ENV_IMG_TAG_OVERRIDES;

    private PropagationCheck() {}

    /**
     * Four findings: the CPO's argument and env, then the ignition-server's argument and env. Then, for each of the
     * two, a finding for {@code OPENSHIFT_IMG_TAG_OVERRIDES} when it is expected (the management cluster has
     * ImageTagMirrorSets) or present: without ITMS anywhere, the four findings are all there is.
     */
    public static List<Finding> check(Optional<Deployment> cpo, Optional<Deployment> ignition, PropagatedOverrides expected) {
        List<Finding> out = new ArrayList<>();
        Optional<Container> c = container(cpo, ControlPlaneContract.CONTROL_PLANE_OPERATOR);
        out.add(finding(ControlPlaneContract.CONTROL_PLANE_OPERATOR, ARG, expected.registryOverrides(),
                c.map(PropagationCheck::joinedFlag).orElse(null), cpo.isPresent()));
        out.add(finding(ControlPlaneContract.CONTROL_PLANE_OPERATOR, ENV, expected.mirrorOverrides(),
                c.flatMap(PropagationCheck::env).orElse(null), cpo.isPresent()));
        Optional<Container> i = container(ignition, ControlPlaneContract.IGNITION_SERVER);
        out.add(finding(ControlPlaneContract.IGNITION_SERVER, ARG, expected.ignitionOverrides(),
                i.map(PropagationCheck::separateFlag).orElse(null), ignition.isPresent()));
        out.add(finding(ControlPlaneContract.IGNITION_SERVER, ENV, expected.mirrorOverrides(),
                i.flatMap(PropagationCheck::env).orElse(null), ignition.isPresent()));
        tagFinding(out, ControlPlaneContract.CONTROL_PLANE_OPERATOR, expected.tagOverrides(), c, cpo.isPresent());
        tagFinding(out, ControlPlaneContract.IGNITION_SERVER, expected.tagOverrides(), i, ignition.isPresent());
        return out;
    }

    public static boolean allOk(List<Finding> findings) {
        return findings.stream().allMatch(Finding::ok);
    }

    /** A finding for the tag env, unless it is neither expected nor there. */
    private static void tagFinding(List<Finding> out, String deployment, String expected, Optional<Container> c,
            boolean exists) {
        String actual = c.flatMap(x -> env(x, ControlPlaneContract.ENV_IMG_TAG_OVERRIDES)).orElse(null);
        if (expected != null || actual != null) {
            out.add(new Finding(deployment, TAG_ENV, expected, actual, Hints.forTagValue(exists, expected, actual)));
        }
    }

    private static Finding finding(String deployment, String field, String expected, String actual, boolean exists) {
        return new Finding(deployment, field, expected, actual, Hints.forValue(exists, expected, actual));
    }

    static Optional<Container> container(Optional<Deployment> d, String name) {
        return d.map(Deployment::getSpec)
                .map(s -> s.getTemplate() == null || s.getTemplate().getSpec() == null ? null : s.getTemplate().getSpec().getContainers())
                .flatMap(cs -> cs.stream().filter(c -> name.equals(c.getName())).findFirst()
                        .or(() -> cs.stream().findFirst()));
    }

    /** The value of {@code --registry-overrides=<v>}, or of {@code --registry-overrides <v>}, or null. */
    static String joinedFlag(Container c) {
        List<String> args = args(c);
        String prefix = ControlPlaneContract.FLAG_REGISTRY_OVERRIDES + "=";
        for (int k = 0; k < args.size(); k++) {
            if (args.get(k).startsWith(prefix)) {
                return args.get(k).substring(prefix.length());
            }
            if (args.get(k).equals(ControlPlaneContract.FLAG_REGISTRY_OVERRIDES) && k + 1 < args.size()) {
                return args.get(k + 1);
            }
        }
        return null;
    }

    /** The argument after {@code --registry-overrides}, or of {@code --registry-overrides=<v>}, or null. */
    static String separateFlag(Container c) {
        return joinedFlag(c);
    }

    private static List<String> args(Container c) {
        List<String> all = new ArrayList<>();
        if (c.getCommand() != null) {
            all.addAll(c.getCommand());
        }
        if (c.getArgs() != null) {
            all.addAll(c.getArgs());
        }
        return all;
    }

    static Optional<String> env(Container c) {
        return env(c, ControlPlaneContract.ENV_IMG_OVERRIDES);
    }

    static Optional<String> env(Container c, String name) {
        if (c.getEnv() == null) {
            return Optional.empty();
        }
        return c.getEnv().stream().filter(e -> name.equals(e.getName()))
                .map(EnvVar::getValue).map(v -> v == null ? "" : v).findFirst();
    }
}
