package io.hypershift.ignition.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.ignition.testing.TestPki;
import io.hypershift.ignition.testing.TestPki.KeyFormat;
import io.hypershift.support.cli.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PemFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "When the key is {0} in {1} form, it should load with its chain")
    @CsvSource({"EC,PKCS8", "EC,TRADITIONAL", "RSA,PKCS8", "RSA,TRADITIONAL"})
    void whenTheKeyIsInACommonForm_itShouldLoad(String alg, KeyFormat format) throws Exception {
        TestPki pki = TestPki.create("test-ca");
        KeyPair key = alg.equals("EC") ? TestPki.ec() : TestPki.rsa();
        X509Certificate leaf = pki.serverCert(key, "ignition-server");
        TestPki.write(dir, leaf, pki.caCert, key, format);
        if (format == KeyFormat.TRADITIONAL) {
            assertThat(Files.readString(dir.resolve("tls.key"))).contains("BEGIN " + alg + " PRIVATE KEY");
        }
        PemFiles.KeyMaterial m = PemFiles.read(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        assertThat(m.chain()).containsExactly(leaf, pki.caCert);
        assertThat(m.key().getAlgorithm()).isEqualTo(alg);
    }

    @Test
    void whenTheKeyBelongsToAnotherCertificate_itShouldSaySoNamingTheFiles() throws Exception {
        TestPki pki = TestPki.create("test-ca");
        KeyPair key = TestPki.ec();
        TestPki.write(dir, pki.serverCert(key, "a"), pki.caCert, TestPki.ec(), KeyFormat.PKCS8);
        assertThatThrownBy(() -> PemFiles.read(dir.resolve("tls.crt"), dir.resolve("tls.key")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("tls.key: the private key does not belong to the certificate in");
    }

    @Test
    void whenFilesAreMissingOrNotPem_itShouldNameTheFile() throws Exception {
        assertThatThrownBy(() -> PemFiles.read(dir.resolve("nope.crt"), dir.resolve("nope.key")))
                .isInstanceOf(UserInputException.class).hasMessageEndingWith("nope.crt: no such file");
        Files.writeString(dir.resolve("junk.key"), "hello\n");
        assertThatThrownBy(() -> PemFiles.privateKey(dir.resolve("junk.key")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("junk.key: no PEM private key found");
        Files.writeString(dir.resolve("junk.crt"), "hello\n");
        assertThatThrownBy(() -> PemFiles.certificates(dir.resolve("junk.crt")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("junk.crt: ");
    }
}
