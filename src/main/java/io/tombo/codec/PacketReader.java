package io.tombo.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads whole packets from a blocking byte stream, for peers that are not a Netty pipeline (the client). The fixed
 * header is read first and checked against the maximum packet size before a byte of the body is allocated, so an
 * oversized packet costs five bytes of reading, not its length in memory [MQTT-3.2.2-15].
 *
 * <p>Not thread-safe: one reader thread per stream.
 */
public final class PacketReader {
    /** The largest packet the wire format can describe: a 4-byte remaining length plus a 5-byte header. */
    public static final int PROTOCOL_MAXIMUM = WireReader.MAX_VARINT + 5;

    private final InputStream in;
    private final int maximumPacketSize;
    private final byte[] header = new byte[5];

    /** {@code maximumPacketSize} counts header and body, as MQTT 5's Maximum Packet Size does. */
    public PacketReader(InputStream in, int maximumPacketSize) {
        if (maximumPacketSize < 2) {
            throw new IllegalArgumentException("maximum packet size " + maximumPacketSize);
        }
        this.in = in;
        this.maximumPacketSize = maximumPacketSize;
    }

    /**
     * Blocks until one packet has arrived and decodes it for {@code version}. Returns null when the stream ends
     * between packets; a stream that ends inside a packet is an {@link EOFException}. A packet above the maximum
     * size is a {@link MalformedPacketException} with reason PACKET_TOO_LARGE, thrown before its body is read.
     *
     * <p>A 5.0 client may meet a server that speaks only 3.1.1: such a server refuses with a two-byte CONNACK
     * (return code 1), which no 5.0 CONNACK can be (it always has a property length), so a two-byte CONNACK is
     * decoded in the 3.1.1 form.
     */
    public Packet read(ProtocolVersion version)
            throws IOException, MalformedPacketException, UnsupportedProtocolVersionException {
        FixedHeader fixed = readFixedHeader();
        if (fixed == null) {
            return null;
        }
        if (fixed.packetLength() > maximumPacketSize) {
            throw new MalformedPacketException(ReasonCode.PACKET_TOO_LARGE, fixed.packetType() + " of "
                    + fixed.packetLength() + " bytes exceeds the maximum packet size " + maximumPacketSize);
        }
        byte[] body = in.readNBytes(fixed.remainingLength());
        if (body.length < fixed.remainingLength()) {
            throw new EOFException("stream ended inside a " + fixed.packetType() + " packet");
        }
        ProtocolVersion decodeAs = version != null && version.isV5() && fixed.packetType() == PacketType.CONNACK
                && fixed.remainingLength() == 2 ? ProtocolVersion.MQTT_3_1_1 : version;
        return PacketDecoder.decode(fixed, ByteBuffer.wrap(body), decodeAs);
    }

    private FixedHeader readFixedHeader() throws IOException, MalformedPacketException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        for (int n = 1; n < header.length; n++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ended inside a fixed header");
            }
            header[n] = (byte) b;
            FixedHeader fixed = PacketDecoder.readFixedHeader(ByteBuffer.wrap(header, 0, n + 1));
            if (fixed != null) {
                return fixed;
            }
        }
        throw new IllegalStateException("readFixedHeader accepted more than five header bytes");
    }
}
