package io.hypershift.operator.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.hypershift.api.Annotations;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.ignitionserver.IgnitionSecrets;
import io.hypershift.operator.components.ignitionserver.IgnitionServer;
import io.hypershift.operator.components.ignitionserver.SelfSignedMaterial;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IgnitionSecretsTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private final SelfSignedMaterial material = new SelfSignedMaterial(new SecureRandom(), Clock.fixed(NOW, ZoneOffset.UTC));
    private final HostedCluster hc = ExampleInputs.hostedCluster();

    @Test
    void whenThereIsNoTokenItShouldGenerateOneAndThenKeepIt() {
        Secret first = IgnitionSecrets.tokenSecret(hc, Optional.empty(), material);
        String token = new String(Base64.getDecoder().decode(first.getData().get("token")));
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(first.getMetadata().getLabels()).containsEntry(Annotations.IGNITION_TOKEN_SECRET_LABEL, "true");
        Secret again = IgnitionSecrets.tokenSecret(hc, Optional.of(first), material);
        assertThat(again.getData()).isEqualTo(first.getData());
        assertThat(IgnitionSecrets.tokenSecret(hc, Optional.empty(), material).getData()).as("random").isNotEqualTo(first.getData());
    }

    @Test
    void whenThereIsNoServingCertItShouldGenerateOneForTheServiceNamesAndKeepItWhileValid() throws Exception {
        Secret s = IgnitionSecrets.servingCertSecret(hc, Optional.empty(), material, NOW);
        assertThat(s.getType()).isEqualTo("kubernetes.io/tls");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(s.getData().get("tls.crt"))));
        List<String> sans = cert.getSubjectAlternativeNames().stream().map(e -> String.valueOf(e.get(1))).toList();
        assertThat(sans).containsExactlyElementsOf(IgnitionServer.dnsNames(hc))
                .contains("ignition-server.clusters-example.svc");
        assertThat(new String(Base64.getDecoder().decode(s.getData().get("tls.key")))).contains("PRIVATE KEY");

        assertThat(IgnitionSecrets.servingCertSecret(hc, Optional.of(s), material, NOW.plus(Duration.ofDays(300))).getData())
                .as("still valid: kept").isEqualTo(s.getData());
        assertThat(IgnitionSecrets.servingCertSecret(hc, Optional.of(s), material, NOW.plus(Duration.ofDays(340))).getData())
                .as("expires within 30 days: renewed").isNotEqualTo(s.getData());
        HostedCluster other = ExampleInputs.hostedCluster();
        other.getMetadata().setName("other");
        assertThat(IgnitionSecrets.servingCertSecret(other, Optional.of(s), material, NOW).getData())
                .as("names not covered: renewed").isNotEqualTo(s.getData());
    }

    @Test
    void whenAServingCertIsGeneratedItsKeyShouldBeAStandardPkcs8KeyThatSignsForTheCertificate() throws Exception {
        Secret s = IgnitionSecrets.servingCertSecret(hc, Optional.empty(), material, NOW);
        String pem = new String(Base64.getDecoder().decode(s.getData().get("tls.key")), StandardCharsets.US_ASCII);
        // the header a reader keys on, and a body the JDK reads by itself (the curve named in the algorithm identifier)
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(s.getData().get("tls.crt"))));
        byte[] probe = "ignition".getBytes(StandardCharsets.US_ASCII);
        Signature sign = Signature.getInstance("SHA256withECDSA");
        sign.initSign(key);
        sign.update(probe);
        Signature verify = Signature.getInstance("SHA256withECDSA");
        verify.initVerify(cert.getPublicKey());
        verify.update(probe);
        assertThat(verify.verify(sign.sign())).as("the key belongs to the certificate").isTrue();
    }
}
