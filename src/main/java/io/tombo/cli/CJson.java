package io.tombo.cli;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON that {@code mosquitto_sub -F %j / %J} prints, which is cJSON's (1.7.x): a small tree of values, a parser
 * with cJSON's leniencies (numbers are whatever {@code strtod} reads from {@code [0-9+-.eE]}, raw control characters
 * inside strings are accepted, a NUL ends the text) and a printer with cJSON's number and string rules
 * ({@code %d} for integral values in int range, else {@code %1.15g} falling back to {@code %1.17g}; strings are byte
 * sequences escaped as {@code \" \\ \b \f \n \r \t} and a six-character unicode escape, other bytes raw). Strings are bytes, not
 * Java strings, because cJSON copies invalid UTF-8 through unchanged.
 */
final class CJson {
    private static final int NESTING_LIMIT = 1000;

    private CJson() {
    }

    /** A cJSON value. */
    sealed interface Value permits Null, Bool, Num, Str, Arr, Obj {
    }

    record Null() implements Value {
    }

    record Bool(boolean value) implements Value {
    }

    record Num(double value) implements Value {
    }

    record Str(byte[] bytes) implements Value {
    }

    record Arr(List<Value> items) implements Value {
    }

    /** Members keep insertion order and may repeat a key, as cJSON's linked list does. */
    record Obj(List<Member> members) implements Value {
        Obj add(String key, Value v) {
            members.add(new Member(Cstr.bytes(key), v));
            return this;
        }
    }

    record Member(byte[] key, Value value) {
    }

    static Obj object() {
        return new Obj(new ArrayList<>());
    }

    static Str string(byte[] bytes) {
        return new Str(bytes);
    }

    /** The whole payload as one JSON value, or null when cJSON would refuse it (as mosquitto_sub's %J checks). */
    static Value parse(byte[] payload) {
        for (byte b : payload) {
            if (b == 0) {
                return null; // cJSON stops at the NUL; mosquitto_sub then sees a parse end short of the payload
            }
        }
        Parser p = new Parser(payload);
        if (p.remaining() >= 3 && (payload[0] & 0xFF) == 0xEF && (payload[1] & 0xFF) == 0xBB
                && (payload[2] & 0xFF) == 0xBF) {
            p.pos = 3;
        }
        try {
            p.skipWhitespace();
            Value v = p.value(0);
            p.skipWhitespace();
            return p.pos == payload.length ? v : null;
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** cJSON_PrintUnformatted, or cJSON_Print when {@code pretty}. */
    static byte[] print(Value v, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Printer(out, pretty).value(v, 0);
        return out.toByteArray();
    }

    private static final class Parser {
        private final byte[] in;
        private int pos;

        Parser(byte[] in) {
            this.in = in;
        }

        int remaining() {
            return in.length - pos;
        }

        int peek() {
            return pos < in.length ? in[pos] & 0xFF : -1;
        }

        void skipWhitespace() {
            while (pos < in.length && (in[pos] & 0xFF) <= 32) {
                pos++;
            }
        }

        IllegalArgumentException fail() {
            return new IllegalArgumentException("offset " + pos);
        }

        boolean literal(String word) {
            if (in.length - pos < word.length()) {
                return false;
            }
            for (int i = 0; i < word.length(); i++) {
                if (in[pos + i] != word.charAt(i)) {
                    return false;
                }
            }
            pos += word.length();
            return true;
        }

        Value value(int depth) {
            if (literal("null")) {
                return new Null();
            }
            if (literal("false")) {
                return new Bool(false);
            }
            if (literal("true")) {
                return new Bool(true);
            }
            int c = peek();
            if (c == '"') {
                return new Str(string());
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            if (c == '[') {
                return array(depth + 1);
            }
            if (c == '{') {
                return object(depth + 1);
            }
            throw fail();
        }

        Num number() {
            int end = pos;
            while (end < in.length && "0123456789+-eE.".indexOf(in[end]) >= 0) {
                end++;
            }
            String candidate = new String(in, pos, end - pos, java.nio.charset.StandardCharsets.US_ASCII);
            int used = Strtod.prefixLength(candidate);
            if (used == 0) {
                throw fail();
            }
            pos += used;
            return new Num(Double.parseDouble(candidate.substring(0, used)));
        }

        byte[] string() {
            pos++; // opening quote
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (pos >= in.length) {
                    throw fail();
                }
                int c = in[pos] & 0xFF;
                if (c == '"') {
                    pos++;
                    return out.toByteArray();
                }
                if (c != '\\') {
                    out.write(c);
                    pos++;
                    continue;
                }
                if (pos + 1 >= in.length) {
                    throw fail();
                }
                int e = in[pos + 1];
                pos += 2;
                switch (e) {
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case '"', '\\', '/' -> out.write(e);
                    case 'u' -> unicode(out);
                    default -> throw fail();
                }
            }
        }

        private void unicode(ByteArrayOutputStream out) {
            int first = hex4();
            int codepoint = first;
            if (first >= 0xDC00 && first <= 0xDFFF) {
                throw fail();
            }
            if (first >= 0xD800 && first <= 0xDBFF) {
                if (pos + 1 >= in.length || in[pos] != '\\' || in[pos + 1] != 'u') {
                    throw fail();
                }
                pos += 2;
                int second = hex4();
                if (second < 0xDC00 || second > 0xDFFF) {
                    throw fail();
                }
                codepoint = 0x10000 + (((first & 0x3FF) << 10) | (second & 0x3FF));
            }
            byte[] utf8 = new String(Character.toChars(codepoint)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (codepoint == 0) {
                utf8 = new byte[] {0};
            }
            out.writeBytes(utf8);
        }

        private int hex4() {
            if (in.length - pos < 4) {
                throw fail();
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(in[pos + i], 16);
                if (d < 0) {
                    throw fail();
                }
                v = v * 16 + d;
            }
            pos += 4;
            return v;
        }

        Arr array(int depth) {
            if (depth > NESTING_LIMIT) {
                throw fail();
            }
            pos++;
            List<Value> items = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return new Arr(items);
            }
            do {
                skipWhitespace();
                items.add(value(depth));
                skipWhitespace();
            } while (peek() == ',' && pos++ >= 0);
            if (peek() != ']') {
                throw fail();
            }
            pos++;
            return new Arr(items);
        }

        Obj object(int depth) {
            if (depth > NESTING_LIMIT) {
                throw fail();
            }
            pos++;
            List<Member> members = new ArrayList<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return new Obj(members);
            }
            do {
                skipWhitespace();
                if (peek() != '"') {
                    throw fail();
                }
                byte[] key = string();
                skipWhitespace();
                if (peek() != ':') {
                    throw fail();
                }
                pos++;
                skipWhitespace();
                members.add(new Member(key, value(depth)));
                skipWhitespace();
            } while (peek() == ',' && pos++ >= 0);
            if (peek() != '}') {
                throw fail();
            }
            pos++;
            return new Obj(members);
        }
    }

    private record Printer(ByteArrayOutputStream out, boolean pretty) {
        void value(Value v, int depth) {
            switch (v) {
                case Null n -> ascii("null");
                case Bool b -> ascii(b.value() ? "true" : "false");
                case Num n -> ascii(number(n.value()));
                case Str s -> string(s.bytes());
                case Arr a -> array(a, depth);
                case Obj o -> object(o, depth);
            }
        }

        private void array(Arr a, int depth) {
            out.write('[');
            for (int i = 0; i < a.items().size(); i++) {
                if (i > 0) {
                    ascii(pretty ? ", " : ",");
                }
                value(a.items().get(i), depth + 1);
            }
            out.write(']');
        }

        private void object(Obj o, int depth) {
            out.write('{');
            if (pretty) {
                out.write('\n');
            }
            List<Member> members = o.members();
            for (int i = 0; i < members.size(); i++) {
                if (pretty) {
                    tabs(depth + 1);
                }
                string(members.get(i).key());
                out.write(':');
                if (pretty) {
                    out.write('\t');
                }
                value(members.get(i).value(), depth + 1);
                if (i + 1 < members.size()) {
                    out.write(',');
                }
                if (pretty) {
                    out.write('\n');
                }
            }
            if (pretty) {
                tabs(depth);
            }
            out.write('}');
        }

        private void tabs(int n) {
            for (int i = 0; i < n; i++) {
                out.write('\t');
            }
        }

        private void string(byte[] s) {
            out.write('"');
            for (byte b : s) {
                int c = b & 0xFF;
                switch (c) {
                    case '"' -> ascii("\\\"");
                    case '\\' -> ascii("\\\\");
                    case '\b' -> ascii("\\b");
                    case '\f' -> ascii("\\f");
                    case '\n' -> ascii("\\n");
                    case '\r' -> ascii("\\r");
                    case '\t' -> ascii("\\t");
                    default -> {
                        if (c < 32) {
                            ascii(String.format("\\u%04x", c));
                        } else {
                            out.write(c);
                        }
                    }
                }
            }
            out.write('"');
        }

        private void ascii(String s) {
            out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    /** cJSON's print_number. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
            return "-0"; // what Debian's cJSON 1.7.15 prints for a negative zero (checked with mosquitto_sub)
        }
        int valueInt = d >= Integer.MAX_VALUE ? Integer.MAX_VALUE : d <= Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) d;
        if (d == (double) valueInt) {
            return Integer.toString(valueInt);
        }
        String s = formatG(d, 15);
        double back = Double.parseDouble(s);
        double max = Math.max(Math.abs(back), Math.abs(d));
        if (Math.abs(back - d) > max * Math.ulp(1.0)) {
            s = formatG(d, 17);
        }
        return s;
    }

    /** C's {@code %1.<precision>g}: shortest of fixed and exponent form, trailing zeros removed. */
    static String formatG(double d, int precision) {
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent);
            String m = stripZeros(mantissa.toPlainString());
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return m + "e" + sign + (abs < 10 ? "0" : "") + abs;
        }
        return stripZeros(rounded.toPlainString());
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** C strings: what {@code cJSON_CreateString} keeps of a byte buffer (up to the first NUL). */
    static final class Cstr {
        private Cstr() {
        }

        static byte[] bytes(String s) {
            return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        static byte[] untilNul(byte[] b) {
            for (int i = 0; i < b.length; i++) {
                if (b[i] == 0) {
                    return java.util.Arrays.copyOf(b, i);
                }
            }
            return b;
        }
    }

    /** How many leading characters of {@code s} C's {@code strtod} converts (decimal forms only). */
    static final class Strtod {
        private Strtod() {
        }

        static int prefixLength(String s) {
            int i = 0;
            int n = s.length();
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int digits = 0;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
            if (i < n && s.charAt(i) == '.') {
                i++;
                while (i < n && Character.isDigit(s.charAt(i))) {
                    i++;
                    digits++;
                }
            }
            if (digits == 0) {
                return 0;
            }
            if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                int j = i + 1;
                if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                    j++;
                }
                int expDigits = 0;
                while (j < n && Character.isDigit(s.charAt(j))) {
                    j++;
                    expDigits++;
                }
                if (expDigits > 0) {
                    i = j;
                }
            }
            return i;
        }
    }
}
