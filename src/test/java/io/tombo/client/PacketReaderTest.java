package io.tombo.client;

import io.tombo.codec.MalformedPacketException;
import io.tombo.codec.Packet;
import io.tombo.codec.PacketEncoder;
import io.tombo.codec.PacketReader;
import io.tombo.codec.PingResp;
import io.tombo.codec.Properties;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.PubAck;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.ReasonCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stream framer: whole packets out of any chunking, the size limit checked before the body is read. */
class PacketReaderTest {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    @Test
    void readsPacketsSplitAtEveryOffset() throws Exception {
        byte[] stream = concat(
                PacketEncoder.encode(publish(300), V5),
                PacketEncoder.encode(new PubAck(9), V5),
                PacketEncoder.encode(PingResp.INSTANCE, V5));
        for (int split = 1; split < stream.length; split++) {
            PacketReader reader = new PacketReader(new Trickle(stream, split), PacketReader.PROTOCOL_MAXIMUM);
            List<Packet> packets = new ArrayList<>();
            for (Packet p; (p = reader.read(V5)) != null; ) {
                packets.add(p);
            }
            assertThat(packets).as("chunks of " + split).hasSize(3);
            assertThat(((Publish) packets.get(0)).payload()).hasSize(300);
            assertThat(packets.get(1)).isEqualTo(new PubAck(9));
        }
    }

    @Test
    void oversizedPacketIsRefusedBeforeItsBodyIsRead() throws Exception {
        byte[] big = PacketEncoder.encode(publish(1000), V5);
        // only the fixed header is available: the refusal must not wait for (or allocate) the body
        byte[] headerOnly = java.util.Arrays.copyOf(big, 3);
        PacketReader reader = new PacketReader(new ByteArrayInputStream(headerOnly), 500);

        assertThatThrownBy(() -> reader.read(V5)).isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.reason()).isEqualTo(ReasonCode.PACKET_TOO_LARGE)); // [MQTT-3.2.2-15]
    }

    @Test
    void packetOfExactlyTheMaximumIsRead() throws Exception {
        byte[] bytes = PacketEncoder.encode(publish(100), V5);
        PacketReader reader = new PacketReader(new ByteArrayInputStream(bytes), bytes.length);

        assertThat(reader.read(V5)).isInstanceOf(Publish.class);
    }

    @Test
    void endOfStreamBetweenPacketsIsNullAndInsideOneIsEof() throws Exception {
        byte[] bytes = PacketEncoder.encode(publish(10), V5);
        assertThat(new PacketReader(new ByteArrayInputStream(new byte[0]), 100).read(V5)).isNull();
        PacketReader cut = new PacketReader(new ByteArrayInputStream(java.util.Arrays.copyOf(bytes, bytes.length - 1)),
                100);
        assertThatThrownBy(() -> cut.read(V5)).isInstanceOf(EOFException.class);
        PacketReader cutHeader = new PacketReader(new ByteArrayInputStream(new byte[] {0x30}), 100);
        assertThatThrownBy(() -> cutHeader.read(V5)).isInstanceOf(EOFException.class);
    }

    @Test
    void fiveByteRemainingLengthIsMalformed() {
        byte[] bad = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        PacketReader reader = new PacketReader(new ByteArrayInputStream(bad), PacketReader.PROTOCOL_MAXIMUM);

        assertThatThrownBy(() -> reader.read(V5)).isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.reason()).isEqualTo(ReasonCode.MALFORMED_PACKET)); // [MQTT-1.5.5-1]
    }

    @Test
    void twoByteConnAckReachesA5ClientAsUnsupportedVersion() throws Exception {
        // a 3.1.1-only server refuses level 5 with its own CONNACK form: return code 1
        PacketReader reader = new PacketReader(new ByteArrayInputStream(new byte[] {0x20, 0x02, 0x00, 0x01}), 100);

        assertThat(reader.read(V5)).isInstanceOfSatisfying(io.tombo.codec.ConnAck.class,
                a -> assertThat(a.reason()).isEqualTo(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION));
    }

    private static Publish publish(int payload) {
        return new Publish("t/x", QoS.AT_LEAST_ONCE, false, false, 5, Properties.EMPTY, new byte[payload]);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Hands out at most {@code chunk} bytes per read, as a socket may. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;

        Trickle(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
