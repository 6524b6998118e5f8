package io.hypershift.operator.components.ignitionserver;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.operator.components.ObjectMetadata;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ignition-server's token Secret and serving-certificate Secret. Both are generated once and then kept: a token
 * that nodes already use is never rotated by a reconcile, and a certificate is renewed only when it no longer covers
 * the Service's names or expires within {@link #RENEW_BEFORE}.
 */
public final class IgnitionSecrets {
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);
    public static final String TLS_CRT = "tls.crt";
    public static final String TLS_KEY = "tls.key";

    private IgnitionSecrets() {}

    public static Secret tokenSecret(HostedCluster hc, Optional<Secret> existing, SecretMaterial material) {
        String token = existing.map(s -> decoded(s, ControlPlaneContract.IGNITION_TOKEN_KEY)).filter(t -> !t.isBlank())
                .orElseGet(material::newToken);
        Secret s = new SecretBuilder()
                .withMetadata(ObjectMetadata.of(hc, ControlPlaneContract.IGNITION_TOKEN_SECRET, IgnitionServer.NAME))
                .withType("Opaque")
                .withData(Map.of(ControlPlaneContract.IGNITION_TOKEN_KEY, encode(token)))
                .build();
        s.getMetadata().getLabels().put(Annotations.IGNITION_TOKEN_SECRET_LABEL, "true");
        return s;
    }

    public static Secret servingCertSecret(HostedCluster hc, Optional<Secret> existing, SecretMaterial material, Instant now) {
        List<String> names = IgnitionServer.dnsNames(hc);
        Map<String, String> data = new LinkedHashMap<>();
        if (existing.isPresent() && stillValid(existing.get(), names, now)) {
            data.put(TLS_CRT, existing.get().getData().get(TLS_CRT));
            data.put(TLS_KEY, existing.get().getData().get(TLS_KEY));
        } else {
            SecretMaterial.TlsPair pair = material.newServingCertificate(names);
            data.put(TLS_CRT, encode(pair.certificatePem()));
            data.put(TLS_KEY, encode(pair.privateKeyPem()));
        }
        return new SecretBuilder()
                .withMetadata(ObjectMetadata.of(hc, ControlPlaneContract.IGNITION_SERVING_CERT_SECRET, IgnitionServer.NAME))
                .withType("kubernetes.io/tls")
                .withData(data)
                .build();
    }

    /** Whether the Secret holds a key and a certificate that covers every name and is valid past {@code now + RENEW_BEFORE}. */
    static boolean stillValid(Secret secret, List<String> names, Instant now) {
        String crt = decoded(secret, TLS_CRT);
        if (crt.isBlank() || decoded(secret, TLS_KEY).isBlank()) {
            return false;
        }
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(crt.getBytes(StandardCharsets.UTF_8)));
            if (cert.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
                return false;
            }
            return sans(cert).containsAll(names);
        } catch (CertificateException e) {
            return false;
        }
    }

    private static Set<String> sans(X509Certificate cert) throws CertificateParsingException {
        Set<String> out = new HashSet<>();
        Collection<List<?>> entries = cert.getSubjectAlternativeNames();
        if (entries != null) {
            for (List<?> e : entries) {
                if (e.size() == 2 && Integer.valueOf(2).equals(e.get(0))) {
                    out.add(String.valueOf(e.get(1)));
                }
            }
        }
        return out;
    }

    private static String decoded(Secret s, String key) {
        if (s.getData() == null || s.getData().get(key) == null) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String encode(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
