package dev.imbench.server.gate;

/**
 * The one rule for names a client or a business server chooses: uids (login, c2c recipients, group
 * members) and business line names. 1 to {@value #MAX_LENGTH} characters out of {@code A-Z a-z 0-9}
 * and {@code . _ - @ : +}: fits every back end's columns (MySQL {@code VARCHAR(64)}), never needs
 * quoting in Redis keys, logs or the comma-separated member lists of {@code GROUP_ADDMEMBERS}.
 */
public final class Identifiers {

    /** Longest uid or business line name, in characters (= bytes: the characters are ASCII). */
    public static final int MAX_LENGTH = 64;
    /** Longest group name ({@code CREATE_GROUP} content), in characters (MySQL {@code VARCHAR(255)}). */
    public static final int MAX_GROUP_NAME_LENGTH = 255;
    /** What the rule allows, for error messages. */
    public static final String RULE = "1-" + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ - @ : +";

    private Identifiers() {
    }

    /** Whether {@code name} is a valid uid or business line name. */
    public static boolean valid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-' || c == '@' || c == ':' || c == '+';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Null when {@code name} is valid, else a message naming {@code what} and the rule (never echoing a long input). */
    public static String problem(String what, String name) {
        return valid(name) ? null : what + " must be " + RULE + " (got " + shown(name) + ")";
    }

    /** {@code s} quoted and cut to 40 characters with control characters escaped, for error messages. */
    public static String shown(String s) {
        if (s == null) {
            return "nothing";
        }
        StringBuilder b = new StringBuilder("\"");
        int n = Math.min(s.length(), 40);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
        if (s.length() > n) {
            b.append("… (").append(s.length()).append(" characters)");
        }
        return b.toString();
    }
}
