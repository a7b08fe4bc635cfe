package io.tombo.broker;

import io.tombo.codec.PacketEncoder;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;

/**
 * A PUBLISH encoded once and sent to every subscriber of the same shape (protocol version, QoS, RETAIN flag, no
 * per-receiver properties). For QoS 1 and 2 the listener copies the bytes and writes the receiver's packet
 * identifier at {@link #packetIdOffset()} and the DUP bit into the first byte; QoS 0 bytes go out as they are.
 * Immutable, so safe to share between event loops.
 */
public record EncodedPublish(byte[] bytes, int packetIdOffset) {

    static EncodedPublish of(Message m, ProtocolVersion version, QoS qos, boolean retainFlag) {
        Publish p = new Publish(m.topic(), qos, retainFlag, false, qos == QoS.AT_MOST_ONCE ? 0 : 1,
                version.isV5() ? m.properties() : io.tombo.codec.Properties.EMPTY, m.payload());
        byte[] bytes = PacketEncoder.encode(p, version);
        int headerLength = 2;
        while ((bytes[headerLength - 1] & 0x80) != 0) {
            headerLength++; // remaining length continues [MQTT-1.5.5-1]
        }
        int topicLength = ((bytes[headerLength] & 0xFF) << 8) | (bytes[headerLength + 1] & 0xFF);
        return new EncodedPublish(bytes, qos == QoS.AT_MOST_ONCE ? -1 : headerLength + 2 + topicLength);
    }

    public int length() {
        return bytes.length;
    }
}
