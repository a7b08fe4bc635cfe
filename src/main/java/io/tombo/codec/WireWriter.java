package io.tombo.codec;

import java.nio.ByteBuffer;

/** Sizes and writes of the spec's data representations (spec 1.5); the mirror of {@link WireReader}. */
final class WireWriter {
    private WireWriter() {
    }

    static int varintSize(int value) {
        if (value < 0 || value > WireReader.MAX_VARINT) {
            throw new IllegalArgumentException("variable byte integer out of range: " + value);
        }
        return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x20_0000 ? 3 : 4;
    }

    static void putVarint(ByteBuffer out, int value) {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.put((byte) (value > 0 ? b | 0x80 : b));
        } while (value > 0);
    }

    /** Two-byte length plus UTF-8; rejects strings over 65,535 bytes (spec 1.5.4). */
    static int stringSize(String s) {
        int len = Utf8.encodedLength(s);
        if (len > 0xFFFF) {
            throw new IllegalArgumentException("string longer than 65535 bytes");
        }
        return 2 + len;
    }

    static void putString(ByteBuffer out, String s) {
        int lengthAt = out.position();
        out.putShort((short) 0);
        int start = out.position();
        Utf8.write(out, s);
        out.putShort(lengthAt, (short) (out.position() - start));
    }

    static int binarySize(byte[] b) {
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("binary data longer than 65535 bytes");
        }
        return 2 + b.length;
    }

    static void putBinary(ByteBuffer out, byte[] b) {
        out.putShort((short) b.length);
        out.put(b);
    }

    static void putShort(ByteBuffer out, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("two-byte integer out of range: " + value);
        }
        out.putShort((short) value);
    }
}
