package io.tombo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tombo.codec.PacketEncoder;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.PubAck;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.ReasonCode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameParserTest {
    private final List<String> seen = new ArrayList<>();
    private final Inbound sink = new Inbound() {
        @Override
        public void publish(int qos, int packetId, byte[] b, int payloadAt, int payloadLength) {
            seen.add("publish q" + qos + " id" + packetId + " seq" + Stamp.sequence(b, payloadAt) + " len"
                    + payloadLength);
        }

        @Override
        public void acknowledgement(int type, int packetId, int reason) {
            seen.add("ack" + type + " id" + packetId + " reason" + reason);
        }

        @Override
        public void other(int type, byte[] b, int bodyAt, int bodyLength) {
            seen.add("other" + type);
        }
    };

    @Test
    void templateMessagesParseBackInBothVersions() {
        for (ProtocolVersion v : List.of(ProtocolVersion.MQTT_3_1_1, ProtocolVersion.MQTT_5)) {
            seen.clear();
            PublishTemplate t = new PublishTemplate("bench/1", QoS.AT_LEAST_ONCE, 64, v);
            byte[] b = new byte[t.length() * 2];
            t.write(b, 0, 7, 123, 0, 41);
            t.write(b, t.length(), 8, 124, 0, 42);
            assertThat(FrameParser.parse(b, 0, b.length, v.isV5(), sink)).isEqualTo(b.length);
            assertThat(seen).containsExactly("publish q1 id7 seq41 len64", "publish q1 id8 seq42 len64");
        }
    }

    @Test
    void propertiesOfA5PublishAreSkipped() {
        byte[] payload = new byte[Stamp.LENGTH];
        Stamp.write(payload, 0, 1, 2, 3);
        Properties props = Properties.builder().put(Property.MESSAGE_EXPIRY_INTERVAL, 60L).build();
        byte[] b = PacketEncoder.encode(new Publish("t", QoS.AT_MOST_ONCE, false, false, 0, props, payload),
                ProtocolVersion.MQTT_5);
        FrameParser.parse(b, 0, b.length, true, sink);
        assertThat(seen).containsExactly("publish q0 id0 seq3 len20");
    }

    @Test
    void anIncompletePacketIsLeftForTheNextRead() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] ack = PacketEncoder.encode(new PubAck(5, ReasonCode.SUCCESS, Properties.EMPTY),
                ProtocolVersion.MQTT_3_1_1);
        out.writeBytes(ack);
        out.writeBytes(ack);
        byte[] b = out.toByteArray();
        for (int cut = 0; cut <= b.length; cut++) {
            seen.clear();
            int consumed = FrameParser.parse(b, 0, cut, false, sink);
            assertThat(consumed).isEqualTo(cut / ack.length * ack.length);
            assertThat(seen).hasSize(cut / ack.length);
        }
    }

    @Test
    void v5AcknowledgementsCarryTheirReason() {
        byte[] b = PacketEncoder.encode(new PubAck(9, ReasonCode.NO_MATCHING_SUBSCRIBERS, Properties.EMPTY),
                ProtocolVersion.MQTT_5);
        FrameParser.parse(b, 0, b.length, true, sink);
        assertThat(seen).containsExactly("ack4 id9 reason16");
    }

    @Test
    void lengthOfAPacketWithAMultiByteRemainingLength() {
        byte[] b = {0x30, (byte) 0xC1, 0x02}; // remaining length 321
        assertThat(FrameParser.packetLength(b, 0, 2)).isEqualTo(-1);
        assertThat(FrameParser.packetLength(b, 0, 3)).isEqualTo(3 + 321);
    }
}
