package io.tombo.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Test helper for writing packets as bytes: hex pieces, length-prefixed strings, a computed remaining length. */
final class Bytes {
    private Bytes() {
    }

    /** Hex with optional spaces: {@code "00 0A"}. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String toHex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }

    /** A UTF-8 string with its two-byte length. */
    static byte[] str(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) (utf8.length >> 8), (byte) utf8.length}, utf8);
    }

    /** Raw bytes (possibly invalid UTF-8) with a two-byte length. */
    static byte[] rawStr(String hex) {
        byte[] raw = hex(hex);
        return concat(new byte[] {(byte) (raw.length >> 8), (byte) raw.length}, raw);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A whole packet: first byte, remaining length computed from the body pieces, body. */
    static byte[] packet(int firstByte, byte[]... body) {
        byte[] b = concat(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int len = b.length;
        do {
            int digit = len & 0x7F;
            len >>>= 7;
            out.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** An MQTT 5 property block: its variable byte integer length, then the given property bytes. */
    static byte[] props(byte[]... properties) {
        byte[] framed = packet(0, properties); // same length encoding as a remaining length
        return java.util.Arrays.copyOfRange(framed, 1, framed.length);
    }
}
