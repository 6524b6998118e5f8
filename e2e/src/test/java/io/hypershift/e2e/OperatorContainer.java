package io.hypershift.e2e;

import io.hypershift.testing.docker.DockerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hypershift-operator image running {@code run} in a container on the host's network ({@code --network host}: the
 * only way a container reaches servers bound to 127.0.0.1, here the test API server and the registries), as its
 * non-root user, with the kubeconfig and the mirror's CA mounted read-only. Removed on {@link #close()}.
 */
final class OperatorContainer implements AutoCloseable {
    static final String KUBECONFIG = "/etc/e2e/kubeconfig";
    static final String CA_FILE = "/etc/e2e/registry-ca.pem";
    static final String USER = "65532";

    private final DockerCli docker;
    private final String name;
    private final Path dir;

    private OperatorContainer(DockerCli docker, String name, Path dir) {
        this.docker = docker;
        this.name = name;
        this.dir = dir;
    }

    /**
     * Starts {@code image} with {@code run} and {@code args} (after {@code --kubeconfig} and {@code --registry-ca-file},
     * which point at the mounted files).
     */
    static OperatorContainer start(DockerCli docker, String image, String name, Path kubeconfig, Path caFile,
            List<String> args) throws IOException {
        Path dir = Files.createTempDirectory("e2e-operator-container-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path kc = readableByContainerUser(Files.copy(kubeconfig, dir.resolve("kubeconfig")));
        Path ca = readableByContainerUser(Files.copy(caFile, dir.resolve("registry-ca.pem")));
        List<String> cmd = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host",
                "--user", USER + ":" + USER, "--read-only", "--tmpfs", "/tmp",
                "-v", kc + ":" + KUBECONFIG + ":ro", "-v", ca + ":" + CA_FILE + ":ro",
                image, "run", "--kubeconfig", KUBECONFIG, "--registry-ca-file", CA_FILE));
        cmd.addAll(args);
        DockerCli.Result r = docker.run(Duration.ofMinutes(1), cmd.toArray(String[]::new));
        if (!r.ok()) {
            throw new IOException("docker run " + image + " failed: " + r.stderr().strip());
        }
        return new OperatorContainer(docker, name, dir);
    }

    /**
     * The container user must read the kubeconfig (an admin credential to the throwaway test server). When the test
     * runs as root (as it must where it starts dockerd itself), the copy is given to that user with mode 0400, in a
     * directory others may only traverse; otherwise it is made world-readable, and removed with the container.
     */
    private static Path readableByContainerUser(Path file) throws IOException {
        try {
            Files.setAttribute(file, "unix:uid", Integer.parseInt(USER));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
            Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
            Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return file;
    }

    /** {@code true} while the container runs. */
    boolean running() throws IOException {
        DockerCli.Result r = docker.run(Duration.ofSeconds(10), "inspect", "--format", "{{.State.Running}}", name);
        return r.ok() && r.stdout().strip().equals("true");
    }

    /** Its stdout and stderr so far. */
    String logs() throws IOException {
        DockerCli.Result r = docker.run(Duration.ofSeconds(30), "logs", name);
        return r.stdout() + r.stderr();
    }

    @Override
    public void close() throws IOException {
        docker.run(Duration.ofSeconds(30), "rm", "-f", name);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
