package io.tombo.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * cJSON 1.7.15's parser as mosquitto_sub's {@code %J} uses it: leading whitespace and a UTF-8 BOM skipped, numbers
 * are whatever C's {@code strtod} reads from the characters {@code [0-9+-.eE]} ({@code 01} is 1), raw control
 * characters inside strings are accepted, {@code \\u} escapes with surrogate pairs, at most 1000 levels of nesting,
 * trailing whitespace allowed and nothing else; a NUL anywhere makes the payload "not valid JSON".
 */
final class CJsonParser {
    private static final int NESTING_LIMIT = 1000;

    private CJsonParser() {
    }

    static CJson.Value parse(byte[] payload) {
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
            CJson.Value v = p.value(0);
            p.skipWhitespace();
            return p.pos == payload.length ? v : null;
        } catch (IllegalArgumentException malformed) {
            return null;
        }
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

        CJson.Value value(int depth) {
            if (literal("null")) {
                return new CJson.Null();
            }
            if (literal("false")) {
                return new CJson.Bool(false);
            }
            if (literal("true")) {
                return new CJson.Bool(true);
            }
            int c = peek();
            if (c == '"') {
                return new CJson.Str(string());
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

        CJson.Num number() {
            int end = pos;
            while (end < in.length && "0123456789+-eE.".indexOf(in[end]) >= 0) {
                end++;
            }
            String candidate = new String(in, pos, end - pos, StandardCharsets.US_ASCII);
            int used = Strtod.prefixLength(candidate);
            if (used == 0) {
                throw fail();
            }
            pos += used;
            return new CJson.Num(Double.parseDouble(candidate.substring(0, used)));
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
            byte[] utf8 = new String(Character.toChars(codepoint)).getBytes(StandardCharsets.UTF_8);
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

        CJson.Arr array(int depth) {
            if (depth > NESTING_LIMIT) {
                throw fail();
            }
            pos++;
            List<CJson.Value> items = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return new CJson.Arr(items);
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
            return new CJson.Arr(items);
        }

        CJson.Obj object(int depth) {
            if (depth > NESTING_LIMIT) {
                throw fail();
            }
            pos++;
            List<CJson.Member> members = new ArrayList<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return new CJson.Obj(members);
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
                members.add(new CJson.Member(key, value(depth)));
                skipWhitespace();
            } while (peek() == ',' && pos++ >= 0);
            if (peek() != '}') {
                throw fail();
            }
            pos++;
            return new CJson.Obj(members);
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
