package io.hypershift.operator.components.ignitionserver;

import java.util.List;

/** Where new secret material comes from: random in the cluster, nothing in an offline render. */
public interface SecretMaterial {
    /** A serving certificate and its private key, PEM. */
    record TlsPair(String certificatePem, String privateKeyPem) {
        @Override
        public String toString() {
            return "TlsPair[certificate=" + certificatePem.length() + " chars, privateKey=<redacted>]";
        }
    }

    /** A new bearer token. */
    String newToken();

    /** A new serving certificate for {@code dnsNames} (the first is the subject's CN). */
    TlsPair newServingCertificate(List<String> dnsNames);

    /** No material: what {@code render} prints unless asked to show secrets. */
    SecretMaterial NONE = new SecretMaterial() {
        @Override
        public String newToken() {
            return "";
        }

        @Override
        public TlsPair newServingCertificate(List<String> dnsNames) {
            return new TlsPair("", "");
        }
    };
}
