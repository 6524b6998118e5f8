package io.hypershift.support.registry;

/** Content whose sha256 is not the digest it was fetched by: a corrupt or tampered registry (or mirror). */
public final class DigestMismatchException extends RegistryException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;

    public DigestMismatchException(String registry, String repository, String what, String expected, String actual) {
        super(registry, repository, "digest mismatch: " + what + " from " + where(registry, repository)
                + " should be " + expected + " but its content hashes to " + actual, null);
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }

    @Override
    public String reason() {
        return "DigestMismatch";
    }
}
