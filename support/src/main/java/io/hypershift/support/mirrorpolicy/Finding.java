package io.hypershift.support.mirrorpolicy;

/**
 * Something lint found: how bad, which rule, which object (file, document, {@code Kind/name}), which entry or field
 * inside it, what is wrong and how to fix it.
 */
public record Finding(Severity severity, Rule rule, String object, String entry, String message, String fix) {

    public enum Severity {
        ERROR, WARNING;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code <object>: <entry>: <message>}, one line. */
    public String describe() {
        return object + ": " + entry + ": " + message;
    }
}
