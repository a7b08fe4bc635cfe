package io.tombo.cli;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON that {@code mosquitto_sub -F %j / %J} prints, which is cJSON's (1.7.x): a small tree of values, a parser
 * ({@link CJsonParser}) and a printer with cJSON's number and string rules
 * ({@code %d} for integral values in int range, else {@code %1.15g} falling back to {@code %1.17g}; strings are byte
 * sequences escaped as {@code \" \\ \b \f \n \r \t} and a six-character unicode escape, other bytes raw).
 * Strings are bytes, not Java strings, because cJSON copies invalid UTF-8 through unchanged. Negative zero prints
 * as {@code -0}, as Debian's libcjson 1.7.15 does.
 */
final class CJson {
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
        return CJsonParser.parse(payload);
    }

    /** cJSON_PrintUnformatted, or cJSON_Print when {@code pretty}. */
    static byte[] print(Value v, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Printer(out, pretty).value(v, 0);
        return out.toByteArray();
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
        int valueInt = d >= Integer.MAX_VALUE ? Integer.MAX_VALUE
                : d <= Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) d; // cJSON saturates valueint
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
}
