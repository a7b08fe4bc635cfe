package io.tombo.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test helper standing in for a listener: accumulates bytes as they arrive and decodes each packet once it is
 * wholly buffered. After a CONNECT it switches to the CONNECT's version, as a connection would.
 */
final class Framer {
    private byte[] buffered = new byte[0];
    private ProtocolVersion version;

    Framer(ProtocolVersion version) {
        this.version = version;
    }

    List<Packet> feed(byte[] chunk) throws MalformedPacketException, UnsupportedProtocolVersionException {
        byte[] joined = Arrays.copyOf(buffered, buffered.length + chunk.length);
        System.arraycopy(chunk, 0, joined, buffered.length, chunk.length);
        ByteBuffer in = ByteBuffer.wrap(joined);
        List<Packet> packets = new ArrayList<>();
        while (true) {
            int before = in.position();
            FixedHeader header = PacketDecoder.readFixedHeader(in);
            if (in.position() != before) {
                throw new AssertionError("readFixedHeader moved the buffer");
            }
            if (header == null || in.remaining() < header.packetLength()) {
                break;
            }
            ByteBuffer body = in.slice(before + header.headerLength(), header.remainingLength());
            Packet packet = PacketDecoder.decode(header, body, version);
            if (packet instanceof Connect c) {
                version = c.version();
            }
            packets.add(packet);
            in.position(before + header.packetLength());
        }
        buffered = Arrays.copyOfRange(joined, in.position(), joined.length);
        return packets;
    }

    boolean isEmpty() {
        return buffered.length == 0;
    }

    /** Decodes bytes that must hold exactly one packet. */
    static Packet decodeOne(byte[] bytes, ProtocolVersion version)
            throws MalformedPacketException, UnsupportedProtocolVersionException {
        Framer framer = new Framer(version);
        List<Packet> packets = framer.feed(bytes);
        if (packets.size() != 1 || !framer.isEmpty()) {
            throw new AssertionError("expected one whole packet, got " + packets + ", rest empty=" + framer.isEmpty());
        }
        return packets.getFirst();
    }
}
