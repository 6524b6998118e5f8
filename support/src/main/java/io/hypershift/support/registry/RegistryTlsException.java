package io.hypershift.support.registry;

/** The TLS handshake failed: an untrusted or mismatched certificate, or a registry that does not speak TLS. */
public final class RegistryTlsException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public RegistryTlsException(String registry, String repository, Throwable cause) {
        super(registry, repository, "TLS handshake with " + where(registry, repository) + " failed: "
                + rootMessage(cause) + " (trust its CA with a CA bundle, --registry-ca-file FILE, or mark the registry "
                + "insecure only if you mean it)", cause);
    }

    static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage();
        return m == null ? r.getClass().getSimpleName() : m;
    }

    @Override
    public String reason() {
        return "TLSError";
    }
}
