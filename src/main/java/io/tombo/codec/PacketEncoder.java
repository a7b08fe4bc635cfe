package io.tombo.codec;

import java.nio.ByteBuffer;

/** Encoder from {@link Packet}s to bytes for MQTT 3.1, 3.1.1 and 5.0. Stateless; TODO(codec helper). */
public final class PacketEncoder {
    private PacketEncoder() {
    }

    /** The whole encoded size in bytes, fixed header included. */
    public static int encodedLength(Packet packet, ProtocolVersion version) {
        throw new UnsupportedOperationException("codec");
    }

    /** Writes the packet at {@code out.position()}, advancing it by {@link #encodedLength}. */
    public static void encode(Packet packet, ProtocolVersion version, ByteBuffer out) {
        throw new UnsupportedOperationException("codec");
    }

    public static byte[] encode(Packet packet, ProtocolVersion version) {
        byte[] bytes = new byte[encodedLength(packet, version)];
        encode(packet, version, ByteBuffer.wrap(bytes));
        return bytes;
    }
}
