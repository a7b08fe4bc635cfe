package io.tombo.it.robust;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** MQTT packets written by hand, byte for byte: only what the robustness tests send. */
final class Wire {
    static final int V311 = 4;
    static final int V5 = 5;

    static final int CONNACK = 0x20;
    static final int PUBLISH = 0x30;
    static final int PUBACK = 0x40;
    static final int SUBACK = 0x90;
    static final int PINGRESP = 0xD0;
    static final int DISCONNECT = 0xE0;

    /** The largest remaining length the protocol can express (3.1.1 spec 2.2.3). */
    static final int MAX_REMAINING_LENGTH = 268_435_455;

    private Wire() {
    }

    static byte[] varint(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4);
        do {
            int digit = value % 128;
            value /= 128;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) (raw.length >> 8), (byte) raw.length}, raw);
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] packet(int header, byte[]... body) {
        byte[] b = concat(body);
        return concat(new byte[] {(byte) header}, varint(b.length), b);
    }

    /** A clean CONNECT with keep alive 60; for 5.0, {@code receiveMaximum} > 0 adds that property. */
    static byte[] connect(int version, String clientId, int receiveMaximum) {
        byte[] props = new byte[0];
        if (version == V5) {
            byte[] p = receiveMaximum > 0 ? concat(new byte[] {0x21}, u16(receiveMaximum)) : new byte[0];
            props = concat(varint(p.length), p);
        }
        return packet(0x10, utf8("MQTT"), new byte[] {(byte) version, 0x02}, u16(60), props, utf8(clientId));
    }

    static byte[] connect(int version, String clientId) {
        return connect(version, clientId, 0);
    }

    static byte[] subscribe(int version, int packetId, String filter, int qos) {
        byte[] props = version == V5 ? new byte[] {0} : new byte[0];
        return packet(0x82, u16(packetId), props, utf8(filter), new byte[] {(byte) qos});
    }

    static byte[] publish(int version, String topic, int qos, int packetId, byte[] payload) {
        byte[] id = qos > 0 ? u16(packetId) : new byte[0];
        byte[] props = version == V5 ? new byte[] {0} : new byte[0];
        return packet(PUBLISH | (qos << 1), utf8(topic), id, props, payload);
    }

    static byte[] puback(int packetId) {
        return packet(PUBACK, u16(packetId));
    }

    static byte[] pingreq() {
        return new byte[] {(byte) 0xC0, 0};
    }

    static byte[] disconnect() {
        return new byte[] {(byte) 0xE0, 0};
    }

    /** A fixed header announcing {@code remainingLength} bytes, for a body that will never (fully) come. */
    static byte[] header(int first, int remainingLength) {
        return concat(new byte[] {(byte) first}, varint(remainingLength));
    }
}
