package io.tombo.it.raw;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * MQTT 5.0 properties written byte by byte (spec section 2.2.2), in the order the test adds them. {@link #encoded()}
 * prefixes the property length, so a packet generator can append it as is.
 */
final class Props {
    static final int PAYLOAD_FORMAT = 0x01;
    static final int MESSAGE_EXPIRY = 0x02;
    static final int CONTENT_TYPE = 0x03;
    static final int RESPONSE_TOPIC = 0x08;
    static final int CORRELATION_DATA = 0x09;
    static final int SUBSCRIPTION_ID = 0x0B;
    static final int SESSION_EXPIRY = 0x11;
    static final int ASSIGNED_CLIENT_ID = 0x12;
    static final int SERVER_KEEP_ALIVE = 0x13;
    static final int REASON_STRING = 0x1F;
    static final int WILL_DELAY = 0x18;
    static final int RECEIVE_MAXIMUM = 0x21;
    static final int TOPIC_ALIAS_MAXIMUM = 0x22;
    static final int TOPIC_ALIAS = 0x23;
    static final int MAXIMUM_QOS = 0x24;
    static final int RETAIN_AVAILABLE = 0x25;
    static final int USER_PROPERTY = 0x26;
    static final int MAXIMUM_PACKET_SIZE = 0x27;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Props of() {
        return new Props();
    }

    Props u8(int id, int value) {
        out.write(id);
        out.write(value);
        return this;
    }

    Props u16(int id, int value) {
        out.write(id);
        out.writeBytes(Packets.u16(value));
        return this;
    }

    Props u32(int id, long value) {
        out.write(id);
        out.writeBytes(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        return this;
    }

    Props varint(int id, int value) {
        out.write(id);
        out.writeBytes(Packets.varint(value));
        return this;
    }

    Props str(int id, String value) {
        out.write(id);
        out.writeBytes(Packets.utf8(value));
        return this;
    }

    Props bin(int id, byte[] value) {
        out.write(id);
        out.writeBytes(Packets.u16(value.length));
        out.writeBytes(value);
        return this;
    }

    Props user(String key, String value) {
        out.write(USER_PROPERTY);
        out.writeBytes(Packets.utf8(key));
        out.writeBytes(Packets.utf8(value));
        return this;
    }

    /** Property length followed by the properties. */
    byte[] encoded() {
        byte[] body = out.toByteArray();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(Packets.varint(body.length));
        all.writeBytes(body);
        return all.toByteArray();
    }

    static byte[] encodedOrEmpty(Props props) {
        return props == null ? new byte[] {0} : props.encoded();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
