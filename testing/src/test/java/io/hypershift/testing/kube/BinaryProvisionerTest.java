package io.hypershift.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryProvisionerTest {
    @TempDir
    Path root;

    /** A build script that counts its runs in {@code runs} and then creates {@code bin} (or fails when told). */
    private Path script(String body) throws Exception {
        Path s = root.resolve("build.sh");
        Files.writeString(s, "set -e\necho run >> '" + root.resolve("runs") + "'\necho 'compiling things'\n" + body + "\n");
        return s;
    }

    private BinaryProvisioner provisioner(Path script) {
        return new BinaryProvisioner("thing", script, root.resolve("cache"), "a moment", Duration.ofMinutes(1));
    }

    private int runs() throws Exception {
        Path runs = root.resolve("runs");
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    @Test
    void whenTheBinariesAreMissingItShouldRunTheScriptOnceAndLogItsOutput() throws Exception {
        Path bin = root.resolve("bin");
        Optional<String> failed = provisioner(script("touch '" + bin + "'")).provision(() -> Files.exists(bin));

        assertThat(failed).isEmpty();
        assertThat(bin).exists();
        assertThat(runs()).isEqualTo(1);
        assertThat(root.resolve("cache/thing.log")).content().contains("compiling things");
    }

    @Test
    void whenTheBinariesArePresentItShouldNotRunTheScript() throws Exception {
        Optional<String> failed = provisioner(script("exit 0")).provision(() -> true);

        assertThat(failed).isEmpty();
        assertThat(runs()).isZero();
    }

    @Test
    void whenTheScriptFailsItShouldSayWhyWithTheLogAndTheScript() throws Exception {
        Path s = script("echo 'go: module not found' >&2; exit 3");
        Optional<String> failed = provisioner(s).provision(() -> false);

        assertThat(failed).hasValueSatisfying(why -> assertThat(why).contains("exited with 3")
                .contains("go: module not found").contains(s.toString()));
    }

    @Test
    void whenTheScriptSucceedsButBuildsNothingItShouldFail() throws Exception {
        Optional<String> failed = provisioner(script("exit 0")).provision(() -> false);

        assertThat(failed).hasValueSatisfying(why -> assertThat(why).contains("exited with 0"));
    }

    @Test
    void whenAnotherProcessHoldsTheLockItShouldWaitAndReuseWhatThatProcessBuilt() throws Exception {
        Path cache = Files.createDirectories(root.resolve("cache"));
        Path bin = root.resolve("bin");
        Path locked = root.resolve("locked");
        // another test JVM, as far as locks go: a process holding a POSIX lock on the same file while it "builds"
        String holder = "import fcntl, time, sys\n"
                + "f = open(sys.argv[1], 'w')\n"
                + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                + "open(sys.argv[2], 'w').close()\n"
                + "time.sleep(1.5)\n"
                + "open(sys.argv[3], 'w').close()\n";
        Process other = new ProcessBuilder(List.of("python3", "-c", holder, cache.resolve("thing.lock").toString(),
                locked.toString(), bin.toString())).inheritIO().start();
        try {
            for (int i = 0; i < 100 && !Files.exists(locked); i++) {
                Thread.sleep(50);
            }
            assertThat(locked).as("the other process holds the lock").exists();

            Optional<String> failed = provisioner(script("touch '" + bin + "'")).provision(() -> Files.exists(bin));

            assertThat(failed).isEmpty();
            assertThat(runs()).as("the script never ran: the other process had built it").isZero();
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
