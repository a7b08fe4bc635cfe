package io.tombo.codec;

import java.nio.ByteBuffer;

/**
 * Bounded reads from a packet body (spec 1.5 data representation). Every read checks the bytes exist first,
 * so a length field that runs past the body is MALFORMED_PACKET, never an IndexOutOfBoundsException or an
 * allocation sized by the peer. Reads consume the buffer; {@link #limitTo} narrows it to a property block.
 */
final class WireReader {
    /** Largest value of a four-byte variable byte integer (spec 1.5.5). */
    static final int MAX_VARINT = 268_435_455;

    private final ByteBuffer buf;

    WireReader(ByteBuffer buf) {
        this.buf = buf;
    }

    int remaining() {
        return buf.remaining();
    }

    boolean hasRemaining() {
        return buf.hasRemaining();
    }

    private void need(int n, String what) throws MalformedPacketException {
        if (buf.remaining() < n) {
            throw malformed(what + " runs past the end of the packet");
        }
    }

    int u8(String what) throws MalformedPacketException {
        need(1, what);
        return buf.get() & 0xFF;
    }

    int u16(String what) throws MalformedPacketException {
        need(2, what);
        return buf.getShort() & 0xFFFF;
    }

    long u32(String what) throws MalformedPacketException {
        need(4, what);
        return buf.getInt() & 0xFFFF_FFFFL;
    }

    /** A variable byte integer: at most four bytes [MQTT-1.5.5-1], in its shortest form. */
    int varint(String what) throws MalformedPacketException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = u8(what);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw malformed(what + ": variable byte integer not in its shortest form [MQTT-1.5.5-1]");
                }
                return value;
            }
        }
        throw malformed(what + ": variable byte integer longer than four bytes [MQTT-1.5.5-1]");
    }

    /** A packet identifier, which must be non-zero where present [MQTT-2.2.1-3]. */
    int packetId() throws MalformedPacketException {
        int id = u16("packet identifier");
        if (id == 0) {
            throw protocolError("packet identifier 0 [MQTT-2.2.1-3]"); // Mosquitto answers 0x82
        }
        return id;
    }

    /** A UTF-8 encoded string [MQTT-1.5.4-1] [MQTT-1.5.4-2]. */
    String string(String what) throws MalformedPacketException {
        int len = u16(what + " length");
        need(len, what);
        return Utf8.decode(buf, len);
    }

    /** Binary data: a two-byte length and that many bytes (spec 1.5.6). */
    byte[] binary(String what) throws MalformedPacketException {
        int len = u16(what + " length");
        need(len, what);
        byte[] bytes = new byte[len];
        buf.get(bytes);
        return bytes;
    }

    /** Everything left, e.g. a PUBLISH payload. */
    byte[] rest() {
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        return bytes;
    }

    /** Narrows reads to the next {@code length} bytes; returns the old limit for {@link #restoreLimit}. */
    int limitTo(int length, String what) throws MalformedPacketException {
        need(length, what);
        int old = buf.limit();
        buf.limit(buf.position() + length);
        return old;
    }

    void restoreLimit(int limit) {
        buf.limit(limit);
    }

    /** Fails when bytes remain after a packet whose end is fixed by its contents. */
    void expectEnd(String packet) throws MalformedPacketException {
        if (buf.hasRemaining()) {
            throw malformed(buf.remaining() + " unexpected trailing bytes in " + packet);
        }
    }

    static MalformedPacketException malformed(String message) {
        return new MalformedPacketException(ReasonCode.MALFORMED_PACKET, message);
    }

    static MalformedPacketException protocolError(String message) {
        return new MalformedPacketException(ReasonCode.PROTOCOL_ERROR, message);
    }
}
