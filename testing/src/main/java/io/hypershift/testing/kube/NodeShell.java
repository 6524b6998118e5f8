package io.hypershift.testing.kube;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The one node of a Pod-running test cluster, as a test reaches it: commands run there (bounded in time), files
 * placed there, and the registry trust of its container runtime. Only backends whose node the test owns give one
 * ({@link Capability#NODE_SHELL}).
 */
public interface NodeShell {
    /** Exit code and output of a command run on the node. */
    record Result(int exitCode, String out, String err) {
        public Result requireSuccess(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " on the node exited " + exitCode + ": " + err.strip());
            }
            return this;
        }
    }

    /** The host's address as the node sees it: a registry the node pulls from listens there. */
    String hostAddress();

    /** Where containerd reads per-registry {@code <host:port>/hosts.toml} files at each pull. */
    String registryConfigDir();

    /** Runs {@code command} on the node, killed after {@code timeout}. */
    Result exec(Duration timeout, List<String> command);

    /** Writes {@code content} to {@code path} on the node (parent directories made), with {@code mode}. */
    void write(String path, byte[] content, int mode);

    /**
     * Makes the node's container runtime trust {@code caPem} for the registry {@code hostPort}, from the next pull on:
     * a containerd {@code hosts.toml} naming the CA file, as an admin configures a node for a private mirror.
     */
    default void trustRegistry(String hostPort, String caPem) {
        String dir = registryConfigDir() + "/" + hostPort;
        write(dir + "/ca.crt", caPem.getBytes(StandardCharsets.UTF_8), 0644);
        String hosts = "server = \"https://" + hostPort + "\"\n\n"
                + "[host.\"https://" + hostPort + "\"]\n"
                + "  capabilities = [\"pull\", \"resolve\"]\n"
                + "  ca = \"" + dir + "/ca.crt\"\n";
        write(dir + "/hosts.toml", hosts.getBytes(StandardCharsets.UTF_8), 0644);
    }
}
