package io.tombo.codec;

import java.nio.ByteBuffer;

/** CONNECT and CONNACK bodies (spec 3.1, 3.2). */
final class ConnectEncoder {
    private ConnectEncoder() {
    }

    /** CONNECT carries its own version; a different connection version is a caller bug. */
    private static ProtocolVersion versionOf(Connect c, ProtocolVersion version) {
        if (version != null && version != c.version()) {
            throw new IllegalArgumentException("CONNECT for " + c.version() + " encoded as " + version);
        }
        return c.version();
    }

    static int connectLength(Connect c, ProtocolVersion connectionVersion) {
        ProtocolVersion version = versionOf(c, connectionVersion);
        if (c.password() != null && c.username() == null && !version.isV5()) {
            throw new IllegalArgumentException("password without user name [MQTT-3.1.2-22] (3.1.1)");
        }
        int len = WireWriter.stringSize(version.protocolName()) + 1 + 1 + 2 + WireWriter.stringSize(c.clientId());
        if (version.isV5()) {
            len += PropertiesEncoder.blockLength(PropertiesEncoder.contentLength(c.properties()));
        }
        Will will = c.will();
        if (will != null) {
            len += WireWriter.stringSize(will.topic()) + WireWriter.binarySize(will.payload());
            if (version.isV5()) {
                len += PropertiesEncoder.blockLength(PropertiesEncoder.contentLength(will.properties()));
            }
        }
        if (c.username() != null) {
            len += WireWriter.stringSize(c.username());
        }
        if (c.password() != null) {
            len += WireWriter.binarySize(c.password());
        }
        return len;
    }

    static void writeConnect(ByteBuffer out, Connect c, ProtocolVersion connectionVersion) {
        ProtocolVersion version = versionOf(c, connectionVersion);
        WireWriter.putString(out, version.protocolName());
        out.put((byte) version.level());
        out.put((byte) connectFlags(c));
        WireWriter.putShort(out, c.keepAliveSeconds());
        if (version.isV5()) {
            PropertiesEncoder.write(out, c.properties(), PropertiesEncoder.contentLength(c.properties()));
        }
        WireWriter.putString(out, c.clientId());
        Will will = c.will();
        if (will != null) {
            if (version.isV5()) {
                PropertiesEncoder.write(out, will.properties(), PropertiesEncoder.contentLength(will.properties()));
            }
            WireWriter.putString(out, will.topic());
            WireWriter.putBinary(out, will.payload());
        }
        if (c.username() != null) {
            WireWriter.putString(out, c.username());
        }
        if (c.password() != null) {
            WireWriter.putBinary(out, c.password());
        }
    }

    /** Spec 3.1.2.3: user name, password, will retain, will QoS (2 bits), will, clean start, reserved 0. */
    private static int connectFlags(Connect c) {
        int flags = c.cleanStart() ? 0x02 : 0;
        Will will = c.will();
        if (will != null) {
            flags |= 0x04 | will.qos().value() << 3 | (will.retain() ? 0x20 : 0);
        }
        if (c.password() != null) {
            flags |= 0x40;
        }
        if (c.username() != null) {
            flags |= 0x80;
        }
        return flags;
    }

    static int connAckLength(ConnAck a, ProtocolVersion version) {
        return version.isV5() ? 2 + PropertiesEncoder.blockLength(PropertiesEncoder.contentLength(a.properties())) : 2;
    }

    /** 3.1 has no session present flag (its first byte is reserved); 3.x takes a return code 0..5. */
    static void writeConnAck(ByteBuffer out, ConnAck a, ProtocolVersion version) {
        boolean sessionPresent = a.sessionPresent() && version != ProtocolVersion.MQTT_3_1;
        out.put((byte) (sessionPresent ? 1 : 0));
        if (version.isV5()) {
            out.put((byte) a.reason().value());
            PropertiesEncoder.write(out, a.properties(), PropertiesEncoder.contentLength(a.properties()));
        } else {
            out.put((byte) a.reason().connectReturnCodeV3());
        }
    }
}
