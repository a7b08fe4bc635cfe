package io.tombo.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for MQTT strings (spec 1.5.4). Decoding rejects what the JDK's replacing decoder would quietly
 * repair; encoding measures and writes without allocating. Both have an ASCII fast path, since nearly every
 * topic, client id and user name is ASCII.
 */
final class Utf8 {
    private Utf8() {
    }

    /** Decodes {@code len} bytes at the buffer's position (the caller checked they exist) and moves past them. */
    static String decode(ByteBuffer buf, int len) throws MalformedPacketException {
        byte[] bytes;
        int off;
        if (buf.hasArray()) {
            bytes = buf.array();
            off = buf.arrayOffset() + buf.position();
        } else {
            bytes = new byte[len];
            buf.get(buf.position(), bytes);
            off = 0;
        }
        buf.position(buf.position() + len);
        int end = off + len;
        int i = off;
        while (i < end && bytes[i] > 0) { // 0x01..0x7F; 0x00 and 0x80..0xFF (negative) leave the fast path
            i++;
        }
        if (i == end) {
            return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
        }
        validate(bytes, i, end);
        return new String(bytes, off, len, StandardCharsets.UTF_8);
    }

    /**
     * Well-formed UTF-8 only: no overlong forms, no surrogates, nothing above U+10FFFF [MQTT-1.5.4-1], and no
     * U+0000 [MQTT-1.5.4-2]. U+0001..U+001F, U+007F..U+009F and non-characters are allowed (a receiver MAY
     * reject them, spec 1.5.4; we follow Mosquitto and accept).
     */
    private static void validate(byte[] b, int i, int end) throws MalformedPacketException {
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c == 0) {
                    throw bad("U+0000 in a UTF-8 string [MQTT-1.5.4-2]");
                }
                i++;
            } else if (c < 0xC2) { // stray continuation byte, or C0/C1: an overlong two-byte form
                throw bad("invalid UTF-8 lead byte [MQTT-1.5.4-1]");
            } else if (c < 0xE0) {
                continuation(b, i + 1, end, 1);
                i += 2;
            } else if (c < 0xF0) {
                continuation(b, i + 1, end, 2);
                int c1 = b[i + 1] & 0xFF;
                if (c == 0xE0 && c1 < 0xA0) {
                    throw bad("overlong UTF-8 [MQTT-1.5.4-1]");
                }
                if (c == 0xED && c1 >= 0xA0) {
                    throw bad("UTF-16 surrogate in UTF-8 [MQTT-1.5.4-1]");
                }
                i += 3;
            } else if (c < 0xF5) {
                continuation(b, i + 1, end, 3);
                int c1 = b[i + 1] & 0xFF;
                if (c == 0xF0 && c1 < 0x90) {
                    throw bad("overlong UTF-8 [MQTT-1.5.4-1]");
                }
                if (c == 0xF4 && c1 >= 0x90) {
                    throw bad("code point above U+10FFFF [MQTT-1.5.4-1]");
                }
                i += 4;
            } else {
                throw bad("invalid UTF-8 lead byte [MQTT-1.5.4-1]");
            }
        }
    }

    private static void continuation(byte[] b, int from, int end, int count) throws MalformedPacketException {
        if (from + count > end) {
            throw bad("truncated UTF-8 sequence [MQTT-1.5.4-1]");
        }
        for (int i = from; i < from + count; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                throw bad("invalid UTF-8 continuation byte [MQTT-1.5.4-1]");
            }
        }
    }

    private static MalformedPacketException bad(String message) {
        return new MalformedPacketException(ReasonCode.MALFORMED_PACKET, message);
    }

    /**
     * The UTF-8 length of {@code s} without encoding it.
     *
     * @throws IllegalArgumentException for U+0000 or an unpaired surrogate, which no peer may accept
     */
    static int encodedLength(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if ((char) (s.charAt(i) - 1) >= 0x7F) { // U+0000 wraps to 0xFFFF, so one test covers both exits
                return i + slowLength(s, i, n);
            }
        }
        return n;
    }

    private static int slowLength(String s, int from, int n) {
        int len = 0;
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException("U+0000 in an MQTT string [MQTT-1.5.4-2]");
            } else if (c < 0x80) {
                len += 1;
            } else if (c < 0x800) {
                len += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                len += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate in an MQTT string [MQTT-1.5.4-1]");
            } else {
                len += 3;
            }
        }
        return len;
    }

    /** Writes {@code s} as UTF-8; the caller validated it with {@link #encodedLength} and sized the buffer. */
    static void write(ByteBuffer out, String s) {
        int n = s.length();
        int i = 0;
        if (out.hasArray()) {
            byte[] a = out.array();
            int base = out.arrayOffset();
            int p = base + out.position();
            int limit = Math.min(n, out.remaining());
            for (; i < limit; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                a[p++] = (byte) c;
            }
            out.position(p - base);
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.put((byte) c);
            } else if (c < 0x800) {
                out.put((byte) (0xC0 | c >> 6)).put((byte) (0x80 | c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.put((byte) (0xF0 | cp >> 18)).put((byte) (0x80 | cp >> 12 & 0x3F))
                        .put((byte) (0x80 | cp >> 6 & 0x3F)).put((byte) (0x80 | cp & 0x3F));
            } else {
                out.put((byte) (0xE0 | c >> 12)).put((byte) (0x80 | c >> 6 & 0x3F)).put((byte) (0x80 | c & 0x3F));
            }
        }
    }
}
