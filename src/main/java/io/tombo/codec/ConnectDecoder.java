package io.tombo.codec;

/** CONNECT and CONNACK (spec 3.1, 3.2). */
final class ConnectDecoder {
    /**
     * Bit 7 of the protocol level marks a bridge in Mosquitto's {@code try_private} mode; Mosquitto accepts it
     * on every level, so we read the level without it rather than refuse Mosquitto bridges.
     */
    private static final int BRIDGE_BIT = 0x80;

    private ConnectDecoder() {
    }

    static Connect connect(WireReader in) throws MalformedPacketException, UnsupportedProtocolVersionException {
        ProtocolVersion version = protocol(in);
        int flags = in.u8("connect flags");
        if ((flags & 1) != 0) {
            throw WireReader.malformed("CONNECT reserved flag set [MQTT-3.1.2-3]");
        }
        boolean cleanStart = (flags & 0x02) != 0;
        boolean willFlag = (flags & 0x04) != 0;
        int willQos = (flags >> 3) & 0b11;
        boolean willRetain = (flags & 0x20) != 0;
        boolean passwordFlag = (flags & 0x40) != 0;
        boolean usernameFlag = (flags & 0x80) != 0;
        if (!willFlag && (willQos != 0 || willRetain)) {
            throw WireReader.malformed("will QoS or retain set without a will [MQTT-3.1.2-11] [MQTT-3.1.2-13]");
        }
        if (willQos == 3) {
            throw WireReader.malformed("will QoS 3 [MQTT-3.1.2-14] (3.1.1) / [MQTT-3.1.2-12] (5.0)");
        }
        if (passwordFlag && !usernameFlag && !version.isV5()) {
            throw WireReader.malformed("password without user name [MQTT-3.1.2-22] (3.1.1)");
        }
        int keepAlive = in.u16("keep alive");
        Properties properties = version.isV5() ? PropertiesDecoder.read(in, PacketType.CONNECT) : Properties.EMPTY;
        // empty or long client ids are the connection's call [MQTT-3.1.3-6]; 3.1 clients exceed 23 characters
        String clientId = in.string("client identifier");
        Will will = willFlag ? will(in, version, QoS.of(willQos), willRetain) : null;
        String username = usernameFlag ? in.string("user name") : null;
        byte[] password = passwordFlag ? in.binary("password") : null;
        in.expectEnd("CONNECT");
        return new Connect(version, clientId, cleanStart, keepAlive, username, password, will, properties);
    }

    /**
     * "MQIsdp"/3 is 3.1, "MQTT"/4 is 3.1.1, "MQTT"/5 is 5.0. A known name with another level is an
     * unsupported version [MQTT-3.1.2-2]; any other name is not MQTT at all [MQTT-3.1.2-1].
     */
    private static ProtocolVersion protocol(WireReader in)
            throws MalformedPacketException, UnsupportedProtocolVersionException {
        String name = in.string("protocol name");
        int level = in.u8("protocol level") & ~BRIDGE_BIT;
        boolean v31 = name.equals(ProtocolVersion.MQTT_3_1.protocolName());
        if (!v31 && !name.equals(ProtocolVersion.MQTT_3_1_1.protocolName())) {
            throw WireReader.malformed("protocol name '" + name + "' is not MQTT [MQTT-3.1.2-1]");
        }
        ProtocolVersion version = ProtocolVersion.ofLevel(level);
        if (version == null || v31 != (version == ProtocolVersion.MQTT_3_1)) {
            throw new UnsupportedProtocolVersionException(level,
                    "protocol '" + name + "' level " + level + " is not supported [MQTT-3.1.2-2]");
        }
        return version;
    }

    /** Will properties (5.0), topic, payload (spec 3.1.3.2 to 3.1.3.4). */
    private static Will will(WireReader in, ProtocolVersion version, QoS qos, boolean retain)
            throws MalformedPacketException {
        Properties properties = version.isV5() ? PropertiesDecoder.readWill(in) : Properties.EMPTY;
        String topic = in.string("will topic");
        if (!Topics.isValidName(topic)) { // published as is, so it must be a topic name [MQTT-3.1.3-11]
            throw new MalformedPacketException(
                    version.isV5() ? ReasonCode.TOPIC_NAME_INVALID : ReasonCode.MALFORMED_PACKET,
                    "invalid will topic '" + topic + "' [MQTT-3.3.2-2] [MQTT-4.7.3-1]");
        }
        byte[] payload = in.binary("will payload");
        return new Will(topic, payload, qos, retain, properties);
    }

    /**
     * 3.x: acknowledge flags and a return code 0..5 (3.1.1 table 3.1). 5.0: flags, a CONNACK reason, properties.
     * Bits 1-7 of the acknowledge flags are reserved [MQTT-3.2.2-1].
     */
    static ConnAck connAck(WireReader in, ProtocolVersion version) throws MalformedPacketException {
        int ackFlags = in.u8("connect acknowledge flags");
        if ((ackFlags & 0xFE) != 0) {
            throw WireReader.malformed("CONNACK reserved flags set [MQTT-3.2.2-1]");
        }
        boolean sessionPresent = ackFlags == 1 && version != ProtocolVersion.MQTT_3_1; // 3.1: byte unused
        ConnAck ack;
        if (version.isV5()) {
            ReasonCode reason = AllowedReasons.read(in, PacketType.CONNACK);
            ack = new ConnAck(sessionPresent, reason, PropertiesDecoder.read(in, PacketType.CONNACK));
        } else {
            int code = in.u8("connect return code");
            ReasonCode reason = ReasonCode.ofConnectReturnCodeV3(code);
            if (reason == null) {
                throw WireReader.malformed("reserved connect return code " + code);
            }
            ack = new ConnAck(sessionPresent, reason, Properties.EMPTY);
        }
        in.expectEnd("CONNACK");
        return ack;
    }
}
