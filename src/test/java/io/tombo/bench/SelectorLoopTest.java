package io.tombo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tombo.bench.Scenario.Kind;
import io.tombo.codec.ConnAck;
import io.tombo.codec.PacketEncoder;
import io.tombo.codec.Properties;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.ReasonCode;
import io.tombo.codec.SubAck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The selector engine against a scripted broker: what a real broker's timing leaves to chance, made certain. */
class SelectorLoopTest {
    private static final ProtocolVersion V = ProtocolVersion.MQTT_3_1_1;

    /**
     * SUBACK and a retained QoS 1 PUBLISH in one write: the handshake's buffered read takes both, and the loop must
     * still count the message and acknowledge it (PUBACK with its packet identifier, [MQTT-4.3.2-2] (3.1.1)).
     */
    @Test
    void bytesTheHandshakeReadAheadReachTheLoop() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> broker(server));
            Target target = new Target("127.0.0.1", server.getLocalPort(), V, 0, null, null, null, 0);
            Scenario sub = new Scenario(Kind.SUB, target, 0, 1, new TopicPattern("t/#"), new TopicPattern("t/#"),
                    QoS.AT_LEAST_ONCE, 64, 0, 1, Duration.ofMillis(200), Duration.ZERO, 0, 1, "test-", 0, 1);

            Report report = Bench.run(sub, BenchClock.system(), new PrintStream(OutputStream.nullOutputStream()));

            assertThat(report.get("received")).isEqualTo(1L);
            assertThat(report.get("errors")).isEqualTo(List.of());
            assertThat(reply.get(10, TimeUnit.SECONDS)).startsWith(0x40, 2, 0, 7);
        }
    }

    /** Accepts one client, answers CONNECT and SUBSCRIBE, and returns what the client sent after that. */
    private static byte[] broker(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            skipPacket(in); // CONNECT
            out.write(PacketEncoder.encode(new ConnAck(false, ReasonCode.SUCCESS, Properties.EMPTY), V));
            skipPacket(in); // SUBSCRIBE, packet identifier 1
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(PacketEncoder.encode(new SubAck(1, List.of(ReasonCode.GRANTED_QOS_1), Properties.EMPTY),
                    V));
            both.writeBytes(PacketEncoder.encode(new Publish("t/1", QoS.AT_LEAST_ONCE, false, true, 7,
                    Properties.EMPTY, new byte[] {'x'}), V));
            out.write(both.toByteArray());
            return in.readAllBytes(); // PUBACK, then DISCONNECT at the end of the run
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void skipPacket(InputStream in) throws IOException {
        in.read();
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = in.read();
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        in.readNBytes(length);
    }
}
