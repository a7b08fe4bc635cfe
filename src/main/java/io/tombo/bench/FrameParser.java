package io.tombo.bench;

/**
 * Splits a byte stream into MQTT packets without allocating: the hot path of every benchmark receiver. PUBLISH and
 * acknowledgements are read in place; anything malformed is an {@link IllegalStateException} (the benchmark stops:
 * a broker under test sent something it should not). The codec's strict decoder is used for the handshake only.
 */
final class FrameParser {
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int PUBREL = 6;
    static final int PUBCOMP = 7;

    private FrameParser() {
    }

    /**
     * The whole length of the packet starting at {@code at} (fixed header included), or -1 if fewer than
     * {@code available} bytes do not yet show it.
     */
    static int packetLength(byte[] b, int at, int available) {
        int length = 0;
        for (int i = 0; i < 4; i++) {
            if (available < 2 + i) {
                return -1;
            }
            int v = b[at + 1 + i] & 0xFF;
            length |= (v & 0x7F) << (7 * i);
            if ((v & 0x80) == 0) {
                return 2 + i + length;
            }
        }
        throw new IllegalStateException("remaining length longer than four bytes");
    }

    /** Hands every complete packet in {@code b[from, to)} to {@code sink}; returns where the first incomplete one starts. */
    static int parse(byte[] b, int from, int to, boolean v5, Inbound sink) {
        int at = from;
        while (true) {
            int length = packetLength(b, at, to - at);
            if (length < 0 || at + length > to) {
                return at;
            }
            int headerLength = length - remaining(b, at, length);
            dispatch(b, at, headerLength, length, v5, sink);
            at += length;
        }
    }

    private static int remaining(byte[] b, int at, int packetLength) {
        int header = 2;
        while ((b[at + header - 1] & 0x80) != 0) {
            header++;
        }
        return packetLength - header;
    }

    private static void dispatch(byte[] b, int at, int headerLength, int length, boolean v5, Inbound sink) {
        int first = b[at] & 0xFF;
        int type = first >>> 4;
        int body = at + headerLength;
        int bodyLength = length - headerLength;
        switch (type) {
            case PUBLISH -> publish(b, first, body, bodyLength, v5, sink);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> {
                int id = (b[body] & 0xFF) << 8 | b[body + 1] & 0xFF;
                int reason = v5 && bodyLength > 2 ? b[body + 2] & 0xFF : 0;
                sink.acknowledgement(type, id, reason);
            }
            default -> sink.other(type, b, body, bodyLength);
        }
    }

    private static void publish(byte[] b, int first, int body, int bodyLength, boolean v5, Inbound sink) {
        int qos = first >>> 1 & 3;
        int topicLength = (b[body] & 0xFF) << 8 | b[body + 1] & 0xFF;
        int p = body + 2 + topicLength;
        int packetId = 0;
        if (qos > 0) {
            packetId = (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
            p += 2;
        }
        if (v5) {
            int propertiesLength = 0;
            int shift = 0;
            int v;
            do {
                v = b[p++] & 0xFF;
                propertiesLength |= (v & 0x7F) << shift;
                shift += 7;
            } while ((v & 0x80) != 0);
            p += propertiesLength;
        }
        sink.publish(qos, packetId, b, p, body + bodyLength - p);
    }
}
