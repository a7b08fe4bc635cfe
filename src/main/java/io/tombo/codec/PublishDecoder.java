package io.tombo.codec;

/** PUBLISH and its acknowledgements PUBACK, PUBREC, PUBREL, PUBCOMP (spec 3.3 to 3.7). */
final class PublishDecoder {
    private PublishDecoder() {
    }

    static Publish publish(int flags, WireReader in, ProtocolVersion version) throws MalformedPacketException {
        int qosBits = (flags >> 1) & 0b11;
        if (qosBits == 3) {
            throw WireReader.malformed("PUBLISH with QoS 3 [MQTT-3.3.1-4]");
        }
        QoS qos = QoS.of(qosBits);
        boolean dup = (flags & 0b1000) != 0;
        if (dup && qos == QoS.AT_MOST_ONCE) {
            throw WireReader.malformed("PUBLISH with DUP set at QoS 0 [MQTT-3.3.1-2]");
        }
        String topic = in.string("topic name");
        checkTopic(topic, version);
        int packetId = qos == QoS.AT_MOST_ONCE ? 0 : in.packetId(); // [MQTT-2.2.1-3]
        Properties properties = version.isV5() ? PropertiesDecoder.read(in, PacketType.PUBLISH) : Properties.EMPTY;
        return new Publish(topic, qos, (flags & 1) != 0, dup, packetId, properties, in.rest());
    }

    /**
     * No wildcards in a topic name [MQTT-3.3.2-2]. An empty name is legal only in 5.0, where a topic alias
     * stands for it [MQTT-3.3.2-7]; the connection, which knows the aliases, checks that one is present.
     */
    private static void checkTopic(String topic, ProtocolVersion version) throws MalformedPacketException {
        if (topic.isEmpty() ? !version.isV5() : !Topics.isValidName(topic)) {
            throw new MalformedPacketException(
                    version.isV5() ? ReasonCode.PROTOCOL_ERROR : ReasonCode.MALFORMED_PACKET, // as Mosquitto
                    "invalid PUBLISH topic name '" + topic + "' [MQTT-3.3.2-2] [MQTT-4.7.3-1]");
        }
    }

    /**
     * 3.x: exactly a packet identifier. 5.0: remaining length 2 means Success without properties, 3 a reason
     * without properties (spec 3.4.2.1, 3.4.2.2.1).
     */
    static Packet ack(PacketType type, WireReader in, ProtocolVersion version) throws MalformedPacketException {
        int packetId = in.packetId();
        ReasonCode reason = ReasonCode.SUCCESS;
        Properties properties = Properties.EMPTY;
        if (version.isV5() && in.hasRemaining()) {
            reason = AllowedReasons.read(in, type);
            if (in.hasRemaining()) {
                properties = PropertiesDecoder.read(in, type);
            }
        }
        in.expectEnd(type.name());
        return switch (type) {
            case PUBACK -> new PubAck(packetId, reason, properties);
            case PUBREC -> new PubRec(packetId, reason, properties);
            case PUBREL -> new PubRel(packetId, reason, properties);
            case PUBCOMP -> new PubComp(packetId, reason, properties);
            default -> throw new IllegalStateException(type.name());
        };
    }
}
