package io.hypershift.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K3sClusterCgroupsTest {
    @TempDir
    Path root;

    @Test
    void whenTheNodeIsGoneItsEmptyCgroupTreesShouldBeRemovedInEveryHierarchyAndNothingElse() throws Exception {
        String node = "hypershift-java-node-0123456789ab";
        Files.createDirectories(root.resolve("memory").resolve(node).resolve("kubepods/burstable/pod1"));
        Files.createDirectories(root.resolve("cpu").resolve(node));
        Path busy = Files.createDirectories(root.resolve("pids").resolve(node).resolve("kubepods"));
        Files.writeString(busy.resolve("still-has-tasks"), "1");
        Path other = Files.createDirectories(root.resolve("memory").resolve("hypershift-java-node-another"));

        K3sCluster.removeEmptyCgroups(root, node);

        assertThat(root.resolve("memory").resolve(node)).doesNotExist();
        assertThat(root.resolve("cpu").resolve(node)).doesNotExist();
        assertThat(busy).as("a cgroup that cannot be removed is left alone").exists();
        assertThat(other).as("another node's cgroups").exists();
    }
}
