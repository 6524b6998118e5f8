package io.hypershift.support.text;

/**
 * Text that a remote party or an input file wrote, made fit to show: in a log line, on stderr, in a condition
 * message. Line breaks and tabs become a space; every other control character (ESC and the rest of C0, DEL, C1)
 * and the invisible format characters that reorder or hide text (bidi overrides, zero-width) become {@code ?}. So
 * nobody can forge a second log line or drive a terminal. The length is capped with a note of how much was cut.
 */
public final class SafeText {
    /** For a fragment quoted inside a message (a registry's error text, a file's value). */
    public static final int FRAGMENT = 512;
    /** For a whole message (an exception, a condition). */
    public static final int MESSAGE = 4096;

    private SafeText() {}

    /** {@code text} with line breaks and tabs as spaces, other control or format characters as {@code ?}, at most
     *  {@code max} characters. */
    public static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        boolean dirty = text.length() > max;
        for (int i = 0; i < text.length() && !dirty; i++) {
            dirty = unsafe(text.charAt(i));
        }
        if (!dirty) {
            return text;
        }
        int keep = Math.min(text.length(), max);
        if (keep < text.length() && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--; // never cut a surrogate pair in half
        }
        StringBuilder b = new StringBuilder(keep + 40);
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            b.append(!unsafe(c) ? c : c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029' ? ' ' : '?');
        }
        if (keep < text.length()) {
            b.append("… (").append(text.length() - keep).append(" more characters)");
        }
        return b.toString();
    }

    /** {@link #clean(String, int)} with the {@link #MESSAGE} cap. */
    public static String message(String text) {
        return clean(text, MESSAGE);
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || c == '\u2028' || c == '\u2029';
    }
}
