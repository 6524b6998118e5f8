package io.hypershift.support.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme ({@code bearer}, {@code basic}, lower case)
 * and its parameters ({@code realm}, {@code service}, {@code scope}, keys lower case, values unquoted).
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    /** The challenges in a header value; several may share one header. Malformed parts are skipped. */
    public static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        Lexer lx = new Lexer(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            lx.skipSpaceAndCommas();
            if (lx.atEnd()) {
                break;
            }
            String token = lx.token();
            if (token.isEmpty()) {
                lx.pos++; // a character no token can hold; skip it
                continue;
            }
            lx.skipSpace();
            if (lx.peek() == '=' && scheme != null) {
                lx.pos++;
                lx.skipSpace();
                String value = lx.peek() == '"' ? lx.quoted() : lx.token();
                params.put(token.toLowerCase(Locale.ROOT), value);
            } else {
                if (scheme != null) {
                    out.add(new AuthChallenge(scheme, params));
                }
                scheme = token;
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            out.add(new AuthChallenge(scheme, params));
        }
        return out;
    }

    private static final class Lexer {
        private final String s;
        private int pos;

        Lexer(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        void skipSpace() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        void skipSpaceAndCommas() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (!atEnd() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        String quoted() {
            StringBuilder sb = new StringBuilder();
            pos++; // opening quote
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\' && !atEnd()) {
                    c = s.charAt(pos++);
                }
                sb.append(c);
            }
            return sb.toString(); // unterminated: take the rest
        }

        private static boolean isTokenChar(char c) {
            return c > ' ' && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0 || c == '/' || c == ':';
        }
    }
}
