package io.tombo.codec;

import java.nio.ByteBuffer;

/** Strict decoder from bytes to {@link Packet}s for MQTT 3.1, 3.1.1 and 5.0. Stateless; TODO(codec helper). */
public final class PacketDecoder {
    private PacketDecoder() {
    }

    /**
     * Reads the fixed header at {@code in.position()} without moving it. Returns null while the header is
     * incomplete; throws MALFORMED_PACKET for a remaining length over four bytes [MQTT-1.5.5-1].
     */
    public static FixedHeader readFixedHeader(ByteBuffer in) throws MalformedPacketException {
        throw new UnsupportedOperationException("codec");
    }

    /**
     * Decodes one packet whose body ({@code header.remainingLength()} bytes) is exactly {@code body}'s remaining
     * bytes. {@code version} is the connection's protocol version, or null before CONNECT, when only a CONNECT
     * decodes (its own level picks the rules).
     */
    public static Packet decode(FixedHeader header, ByteBuffer body, ProtocolVersion version)
            throws MalformedPacketException, UnsupportedProtocolVersionException {
        throw new UnsupportedOperationException("codec");
    }
}
