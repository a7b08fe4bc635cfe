package io.tombo.cli;

/** C's {@code atoi}, {@code atof} and {@code strtol}, which Mosquitto's clients use to read numbers. */
final class CNumbers {
    private CNumbers() {
    }

    /** Leading blanks, an optional sign, digits; anything else ends the number; no digits is 0. */
    static int atoi(String s) {
        int i = skipBlanks(s);
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = Math.min(v * 10 + (s.charAt(i) - '0'), 1L << 40);
            i++;
        }
        return (int) (negative ? -v : v);
    }

    /** The longest leading decimal number, 0 when there is none. */
    static double atof(String s) {
        int start = skipBlanks(s);
        String rest = s.substring(start);
        int n = CJsonParser.Strtod.prefixLength(rest);
        return n == 0 ? 0 : Double.parseDouble(rest.substring(0, n));
    }

    /** {@code strtol(s, &end, 0)} that must consume the whole string; null when it does not. */
    static Long strtolWhole(String s) {
        int i = skipBlanks(s);
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            radix = 16;
            i += 2;
        } else if (s.startsWith("0", i) && s.length() > i + 1) {
            radix = 8;
            i += 1;
        }
        String digits = s.substring(i);
        if (digits.isEmpty() && radix != 8) {
            return null;
        }
        try {
            long v = digits.isEmpty() ? 0 : Long.parseLong(digits, radix);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int skipBlanks(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
