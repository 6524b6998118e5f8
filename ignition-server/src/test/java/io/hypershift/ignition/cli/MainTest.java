package io.hypershift.ignition.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.ignition.testing.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path dir;

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
    void whenAskedForHelp_itShouldDescribeStartAndItsServeAlias() {
        Run r = run("start", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--cert-file", "--key-file", "--registry-overrides", "--port", "--metrics-bind-address",
                "OPENSHIFT_IMG_OVERRIDES");
        assertThat(run("serve", "--help").code()).isZero();
    }

    @Test
    void whenTheCertificateFlagsAreMissing_itShouldExit2() {
        Run r = run("start", "--namespace", "ns");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--cert-file");
    }

    @Test
    void whenTheKeyDoesNotMatchTheCertificate_itShouldExit2BeforeTouchingTheCluster() throws Exception {
        TestPki pki = TestPki.create("ca");
        KeyPair key = TestPki.ec();
        TestPki.write(dir, pki.serverCert(key, "x"), pki.caCert, TestPki.ec(), TestPki.KeyFormat.PKCS8);
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                users: [{name: u, user: {token: t}}]
                """);
        Run r = run("start", "--namespace", "ns", "--cert-file", dir.resolve("tls.crt").toString(),
                "--key-file", dir.resolve("tls.key").toString(), "--kubeconfig", kubeconfig.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("ignition-server: error: ")
                .contains("tls.key: the private key does not belong to the certificate");
    }

    @Test
    void whenTheRegistryCaFileIsMissing_itShouldExit2NamingTheFlagBeforeTouchingTheCluster() {
        Path missing = dir.resolve("missing-ca.pem");
        Run r = run("start", "--namespace", "ns", "--cert-file", "c", "--key-file", "k", "--registry-ca-file",
                missing.toString(), "--insecure-registry", "mirror.local:5000");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("ignition-server: error: --registry-ca-file " + missing + ": no such file");
    }
}
