package io.tombo.cli;

/** mosquitto_sub's check of a {@code -F} format before anything connects, with its error messages. */
final class FormatCheck {
    private static final String CONVERSIONS = "%ACDEFIlmPpqRSrtjJUxX";
    private static final String ESCAPES = "\\0aenrtv";

    private FormatCheck() {
    }

    static void check(String format) throws UsageError {
        byte[] s = format.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int len = s.length;
        for (int i = 0; i < len; i++) {
            if (s[i] == '%') {
                if (i == len - 1) {
                    throw incomplete("format");
                }
                if (s[i + 1] == '0' || s[i + 1] == '-') {
                    i++;
                    if (i == len - 1) {
                        throw incomplete("format");
                    }
                }
                while (s[i + 1] >= '0' && s[i + 1] <= '9') {
                    i++;
                    if (i == len - 1) {
                        throw incomplete("format");
                    }
                }
                if (s[i + 1] == '.') {
                    i++;
                    if (i == len - 1) {
                        throw incomplete("format");
                    }
                    while (s[i + 1] >= '0' && s[i + 1] <= '9') {
                        i++;
                        if (i == len - 1) {
                            throw incomplete("format");
                        }
                    }
                }
                if (CONVERSIONS.indexOf(s[i + 1]) < 0) {
                    throw ClientArgs.error("Invalid format specifier '" + (char) (s[i + 1] & 0xFF) + "'.\n");
                }
                i++;
            } else if (s[i] == '@') {
                if (i == len - 1) {
                    throw incomplete("format");
                }
                i++;
            } else if (s[i] == '\\') {
                if (i == len - 1) {
                    throw incomplete("escape");
                }
                if (ESCAPES.indexOf(s[i + 1]) < 0) {
                    throw ClientArgs.error("Invalid escape specifier '" + (char) (s[i + 1] & 0xFF) + "'.\n");
                }
                i++;
            }
        }
    }

    private static UsageError incomplete(String what) {
        return ClientArgs.error("Incomplete " + what + " specifier.\n");
    }
}
