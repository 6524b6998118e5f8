package io.hypershift.cpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void whenAskedForHelp_itShouldDescribeRunAndItsFlags() {
        Run r = run("run", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--namespace", "--registry-overrides", "--kubeconfig", "--metrics-bind-address",
                "--health-probe-bind-address", "OPENSHIFT_IMG_OVERRIDES");
        assertThat(run("--help").out()).contains("run");
    }

    @Test
    void whenAFlagIsBad_itShouldExit2WithOneLineNamingIt() {
        Run r = run("run", "--namespace", "ns", "--metrics-bind-address", "8080");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("control-plane-operator: error: --metrics-bind-address:").doesNotContain("\n");
        Run k = run("run", "--namespace", "ns", "--kubeconfig", "/nonexistent/kubeconfig");
        assertThat(k.code()).isEqualTo(2);
        assertThat(k.err()).contains("--kubeconfig: /nonexistent/kubeconfig: no such file");
    }

    @Test
    void whenTheKubeconfigIsNotOne_itShouldExit2NamingTheFileWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("kubeconfig"), "garbage: [\n");
        Run r = run("run", "--namespace", "ns", "--metrics-bind-address", "0", "--health-probe-bind-address", "0",
                "--kubeconfig", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("control-plane-operator: error: --kubeconfig: " + bad + ": not a kubeconfig:")
                .doesNotContain("\tat ");
    }

    @Test
    void whenNoSubcommandIsGiven_itShouldExit2() {
        assertThat(run().code()).isEqualTo(2);
    }

    @Test
    void whenTheRegistryCaFileIsMissing_itShouldExit2NamingTheFlag() {
        Run r = run("run", "--namespace", "ns", "--registry-ca-file", "/nonexistent/ca.pem");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("control-plane-operator: error: --registry-ca-file /nonexistent/ca.pem: no such file");
        Run bad = run("run", "--namespace", "ns", "--insecure-registry", "https://mirror.local");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--insecure-registry: \"https://mirror.local\" is not a registry host[:port]");
    }
}
