package io.tombo.cli;

/** Translates the strftime codes {@code log_timestamp_format} uses into a {@code DateTimeFormatter} pattern. */
final class Strftime {
    private Strftime() {
    }

    static String toPattern(String strftime) {
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < strftime.length(); i++) {
            char c = strftime.charAt(i);
            if (c != '%' || i + 1 == strftime.length()) {
                literal.append(c);
                continue;
            }
            String code = switch (strftime.charAt(++i)) {
                case 'Y' -> "yyyy";
                case 'y' -> "yy";
                case 'm' -> "MM";
                case 'd' -> "dd";
                case 'e' -> "ppd";
                case 'H' -> "HH";
                case 'I' -> "hh";
                case 'M' -> "mm";
                case 'S' -> "ss";
                case 'p' -> "a";
                case 'j' -> "DDD";
                case 'b', 'h' -> "MMM";
                case 'B' -> "MMMM";
                case 'a' -> "EEE";
                case 'A' -> "EEEE";
                case 'z' -> "xx";
                case 'Z' -> "zzz";
                case 'T' -> "HH:mm:ss";
                case 'F' -> "yyyy-MM-dd";
                case 'D' -> "MM/dd/yy";
                case 'R' -> "HH:mm";
                case '%' -> null;
                default -> null;
            };
            if (code == null) {
                literal.append(strftime.charAt(i) == '%' ? "%" : "%" + strftime.charAt(i));
            } else {
                flush(literal, out);
                out.append(code);
            }
        }
        flush(literal, out);
        return out.toString();
    }

    private static void flush(StringBuilder literal, StringBuilder out) {
        if (!literal.isEmpty()) {
            out.append('\'').append(literal.toString().replace("'", "''")).append('\'');
            literal.setLength(0);
        }
    }
}
