package io.tombo.broker;

import io.tombo.codec.PacketEncoder;
import io.tombo.codec.Properties;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class EncodedPublishTest {

    /** Payload sizes around each remaining-length boundary (1, 2 and 3 byte lengths). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 110, 115, 116, 117, 120, 16_250, 16_370, 16_371, 16_372, 16_400, 2_097_000, 2_097_200})
    void sharedBytesWithPatchedIdEqualAFreshEncoding(int payloadSize) {
        Properties props = Properties.builder().userProperty("k", "v").build();
        Message m = new Message("a/topic", QoS.EXACTLY_ONCE, false, new byte[payloadSize], props, 0, "c");
        for (ProtocolVersion v : ProtocolVersion.values()) {
            for (QoS qos : QoS.values()) {
                EncodedPublish shared = m.encoded(v, qos, true);
                int id = qos == QoS.AT_MOST_ONCE ? 0 : 0xBEEF;
                boolean dup = qos != QoS.AT_MOST_ONCE;
                byte[] patched = shared.bytes().clone();
                if (shared.packetIdOffset() >= 0) {
                    ByteBuffer.wrap(patched).putShort(shared.packetIdOffset(), (short) id);
                    patched[0] |= 0x08;
                }
                Publish expected = new Publish("a/topic", qos, true, dup, id,
                        v.isV5() ? props : Properties.EMPTY, m.payload());
                assertThat(patched).as("%s %s %d", v, qos, payloadSize)
                        .isEqualTo(PacketEncoder.encode(expected, v));
                assertThat(m.encoded(v, qos, true)).isSameAs(shared); // encoded once
            }
        }
    }
}
