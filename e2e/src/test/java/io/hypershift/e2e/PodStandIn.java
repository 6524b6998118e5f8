package io.hypershift.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a kubelet would hand the main container of a Deployment the hypershift-operator wrote, so that the test can run
 * that binary in-process under the same contract: its args as written, its env with the downward API resolved, and its
 * Secret and ConfigMap volumes written to files (with their mode), the mount paths in the args moved to those files. Nothing else is
 * made up: the test adds only what a pod gets from its node (a kubeconfig, free ports on loopback, the mirror's CA).
 */
final class PodStandIn {
    private final String namespace;
    private final List<String> args;
    private final Map<String, String> env;

    private PodStandIn(String namespace, List<String> args, Map<String, String> env) {
        this.namespace = namespace;
        this.args = args;
        this.env = env;
    }

    /**
     * @param root where the Secret volumes are written ({@code root/<volume>/<key>})
     * @throws IllegalStateException for an env source or a volume kind this stand-in does not provide (the contract
     *     changed: the test must learn it), and for an env var taken from a Secret (secrets never reach env)
     */
    static PodStandIn of(KubernetesClient client, Deployment d, Path root) throws IOException {
        String ns = d.getMetadata().getNamespace();
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), value(e, ns));
        }
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount m : c.getVolumeMounts()) {
            Volume v = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(x -> x.getName().equals(m.getName())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(m.getName() + ": mounted but no such volume"));
            Path dir = Files.createDirectories(root.resolve(v.getName()));
            if (v.getSecret() != null) {
                Secret s = client.secrets().inNamespace(ns).withName(v.getSecret().getSecretName()).get();
                if (s == null) {
                    throw new IllegalStateException("volume " + v.getName() + ": Secret " + ns + "/"
                            + v.getSecret().getSecretName() + " does not exist");
                }
                Map<String, byte[]> files = new LinkedHashMap<>();
                s.getData().forEach((k, b64) -> files.put(k, Base64.getDecoder().decode(b64)));
                write(dir, files, v.getSecret().getDefaultMode());
            } else if (v.getConfigMap() != null) {
                var cm = client.configMaps().inNamespace(ns).withName(v.getConfigMap().getName()).get();
                if (cm == null) {
                    throw new IllegalStateException("volume " + v.getName() + ": ConfigMap " + ns + "/"
                            + v.getConfigMap().getName() + " does not exist");
                }
                Map<String, byte[]> files = new LinkedHashMap<>();
                cm.getData().forEach((k, text) -> files.put(k, text.getBytes(StandardCharsets.UTF_8)));
                write(dir, files, v.getConfigMap().getDefaultMode());
            } else if (v.getEmptyDir() == null) {
                throw new IllegalStateException("volume " + v.getName()
                        + ": only secret, configMap and emptyDir volumes are stood in");
            }
            mounts.put(m.getMountPath(), dir);
        }
        List<String> args = new ArrayList<>();
        for (String a : c.getArgs()) {
            // a path argument, or the value of --flag=path
            int eq = a.startsWith("--") ? a.indexOf('=') + 1 : 0;
            String flag = a.substring(0, eq);
            String value = a.substring(eq);
            String moved = a;
            for (Map.Entry<String, Path> m : mounts.entrySet()) {
                if (value.startsWith(m.getKey() + "/")) {
                    moved = flag + m.getValue() + value.substring(m.getKey().length());
                }
            }
            args.add(moved);
        }
        return new PodStandIn(ns, List.copyOf(args), Map.copyOf(env));
    }

    /** A volume's files, with its {@code defaultMode} (0644 when unset) plus owner read, so the test's user reads them. */
    private static void write(Path dir, Map<String, byte[]> files, Integer defaultMode) throws IOException {
        int mode = defaultMode == null ? 0644 : defaultMode;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.write(file, f.getValue());
            Files.setPosixFilePermissions(file, permissions(mode | 0600));
        }
    }

    private static String value(EnvVar e, String namespace) {
        if (e.getValueFrom() == null) {
            return e.getValue() == null ? "" : e.getValue();
        }
        if (e.getValueFrom().getSecretKeyRef() != null) {
            throw new IllegalStateException("env " + e.getName() + " comes from a Secret: secrets never reach env");
        }
        if (e.getValueFrom().getFieldRef() != null
                && "metadata.namespace".equals(e.getValueFrom().getFieldRef().getFieldPath())) {
            return namespace;
        }
        throw new IllegalStateException("env " + e.getName() + ": no stand-in for " + e.getValueFrom());
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                p.add(bits[i]);
            }
        }
        return p;
    }

    String namespace() {
        return namespace;
    }

    /** The container's args, Secret mount paths moved to the written files. */
    List<String> args() {
        return args;
    }

    /** The container's env, downward API resolved. */
    Map<String, String> env() {
        return env;
    }

    /**
     * The args with {@code flag}'s value replaced ({@code --flag value} or {@code --flag=value}), or the flag appended
     * when absent: for what a pod gets from its node, such as a free port instead of a fixed one.
     */
    List<String> argsWith(Map<String, String> flags) {
        List<String> out = new ArrayList<>(args);
        flags.forEach((flag, value) -> {
            int i = out.indexOf(flag);
            if (i >= 0 && i + 1 < out.size()) {
                out.set(i + 1, value);
                return;
            }
            for (int j = 0; j < out.size(); j++) {
                if (out.get(j).startsWith(flag + "=")) {
                    out.set(j, flag + "=" + value);
                    return;
                }
            }
            out.add(flag);
            out.add(value);
        });
        return out;
    }
}
