package io.tombo.it.raw;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One packet read from the broker: its first byte and its body. Views such as {@link #publish(int)} decode just
 * enough to assert on fields whose exact bytes the spec leaves open (property order, optional properties).
 */
record Received(int header, byte[] body) {

    int type() {
        return header & 0xF0;
    }

    byte[] bytes() {
        return Packets.packet(header, body);
    }

    String hex() {
        return Packets.hex(bytes());
    }

    @Override
    public String toString() {
        return hex();
    }

    boolean sessionPresent() {
        return (body[0] & 1) == 1;
    }

    /** Connect return code (3.1.1) or reason code (5.0) of a CONNACK. */
    int connackCode() {
        return body[1] & 0xFF;
    }

    /** Properties of a 5.0 CONNACK. */
    Map<Integer, List<Object>> connackProps() {
        return new Cursor(body, 2).props();
    }

    /** Reason code of a DISCONNECT; a 0-length body means 0x00 normal disconnection. */
    int disconnectReason() {
        return body.length == 0 ? 0 : body[0] & 0xFF;
    }

    int packetId() {
        return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
    }

    /** Reason code of a PUBACK/PUBREC/PUBREL/PUBCOMP (absent = success). */
    int ackReason() {
        return body.length <= 2 ? 0 : body[2] & 0xFF;
    }

    /** Reason codes of a SUBACK or a 5.0 UNSUBACK. */
    int[] reasonCodes(int version) {
        Cursor c = new Cursor(body, 2);
        if (version == Packets.V5) {
            c.props();
        }
        return toInts(Arrays.copyOfRange(body, c.pos, body.length));
    }

    private static int[] toInts(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    PublishView publish(int version) {
        if (type() != Packets.PUBLISH) {
            throw new AssertionError("expected PUBLISH, got " + hex());
        }
        int qos = (header >> 1) & 3;
        Cursor c = new Cursor(body, 0);
        String topic = c.utf8();
        int id = qos > 0 ? c.u16() : 0;
        Map<Integer, List<Object>> props = version == Packets.V5 ? c.props() : Map.of();
        byte[] payload = Arrays.copyOfRange(body, c.pos, body.length);
        return new PublishView(topic, qos, (header & 8) != 0, (header & 1) != 0, id, props, payload);
    }

    record PublishView(String topic, int qos, boolean dup, boolean retain, int packetId,
                       Map<Integer, List<Object>> props, byte[] payload) {
        String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        Object prop(int id) {
            List<Object> v = props.get(id);
            return v == null ? null : v.get(0);
        }
    }

    /** Reads the primitive data types of spec section 1.5. */
    static final class Cursor {
        private final byte[] b;
        private int pos;

        Cursor(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        int u8() {
            return b[pos++] & 0xFF;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        long u32() {
            return ((long) u16() << 16) | u16();
        }

        int varint() {
            int value = 0;
            int shift = 0;
            int digit;
            do {
                digit = u8();
                value |= (digit & 0x7F) << shift;
                shift += 7;
            } while ((digit & 0x80) != 0);
            return value;
        }

        byte[] binary() {
            int n = u16();
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        String utf8() {
            return new String(binary(), StandardCharsets.UTF_8);
        }

        /** Property id to values (a list, since user properties and subscription ids repeat). */
        Map<Integer, List<Object>> props() {
            int length = varint();
            int end = pos + length;
            Map<Integer, List<Object>> out = new LinkedHashMap<>();
            while (pos < end) {
                int id = varint();
                Object value = switch (id) {
                    case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> u8();
                    case 0x02, 0x11, 0x18, 0x27 -> u32();
                    case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> utf8();
                    case 0x09, 0x16 -> binary();
                    case 0x0B -> varint();
                    case 0x13, 0x21, 0x22, 0x23 -> u16();
                    case 0x26 -> List.of(utf8(), utf8());
                    default -> throw new AssertionError("unknown property 0x" + Integer.toHexString(id));
                };
                out.computeIfAbsent(id, k -> new ArrayList<>()).add(value);
            }
            return out;
        }
    }
}
