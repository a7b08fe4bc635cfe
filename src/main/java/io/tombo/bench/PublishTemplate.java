package io.tombo.bench;

import io.tombo.codec.PacketEncoder;
import io.tombo.codec.Properties;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;

/**
 * One publisher's PUBLISH, encoded once by the codec; each message is a copy with its packet identifier and
 * {@link Stamp} patched in. The payload beyond the stamp is zeros.
 */
final class PublishTemplate {
    private final byte[] bytes;
    private final int packetIdAt;
    private final int payloadAt;

    PublishTemplate(String topic, QoS qos, int payloadSize, ProtocolVersion version) {
        if (payloadSize < Stamp.LENGTH) {
            throw new IllegalArgumentException("payload size " + payloadSize + " is below the " + Stamp.LENGTH
                    + " bytes the send time and sequence number need");
        }
        int id = qos == QoS.AT_MOST_ONCE ? 0 : 1;
        bytes = PacketEncoder.encode(new Publish(topic, qos, false, false, id, Properties.EMPTY,
                new byte[payloadSize]), version);
        payloadAt = bytes.length - payloadSize;
        packetIdAt = qos == QoS.AT_MOST_ONCE ? -1 : payloadAt - 2 - (version.isV5() ? 1 : 0);
    }

    int length() {
        return bytes.length;
    }

    /** Writes message {@code sequence} at {@code at}; {@code packetId} is ignored at QoS 0. */
    void write(byte[] out, int at, int packetId, long sendNanos, int publisher, long sequence) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        if (packetIdAt >= 0) {
            out[at + packetIdAt] = (byte) (packetId >>> 8);
            out[at + packetIdAt + 1] = (byte) packetId;
        }
        Stamp.write(out, at + payloadAt, sendNanos, publisher, sequence);
    }
}
