package io.tombo.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tombo.codec.Connect;
import io.tombo.codec.Packet;
import io.tombo.codec.Properties;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.PubAck;
import io.tombo.codec.PubRec;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.ReasonCode;
import io.tombo.codec.Subscribe;
import io.tombo.codec.Subscription;
import io.tombo.config.ConfigParser;
import io.tombo.config.ListenerConfig;
import io.tombo.security.PeerCertificate;
import io.tombo.store.Change;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The publisher's side of durable QoS 1 and 2, against a store whose commits happen when the test says: a QoS 1
 * message reaches its subscriber before its commit and its PUBACK only after; a QoS 2 message, and what its publisher
 * sends after it, only after the commit [MQTT-4.3.3-10] (5.0).
 */
class DurablePublishTest {
    private final HeldStore store = new HeldStore();
    private final InlineHomeThread home = InlineHomeThread.inline();
    private final Broker broker = new Broker(ConfigParser.defaults(), store, new ManualClock(0), id -> home);
    private final Channel publisher = connect("pub");
    private final Channel subscriber = connect("sub");

    DurablePublishTest() {
        subscriber.connection.onPacket(new Subscribe(1, List.of(new Subscription("t", QoS.EXACTLY_ONCE)),
                Properties.EMPTY));
        store.commit();
        publisher.sent.clear();
        subscriber.sent.clear();
    }

    @Test
    void qos1IsDeliveredAtOnceAndAcknowledgedAfterItsCommit() {
        publisher.connection.onPacket(publish(QoS.AT_LEAST_ONCE, 1, "one"));

        assertThat(subscriber.payloads()).containsExactly("one");
        assertThat(publisher.sent).isEmpty();

        store.commit();
        assertThat(publisher.sent).containsExactly(new PubAck(1, ReasonCode.SUCCESS, Properties.EMPTY));
    }

    @Test
    void qos2AndWhatFollowsItWaitForItsCommit() {
        publisher.connection.onPacket(publish(QoS.EXACTLY_ONCE, 1, "two"));
        publisher.connection.onPacket(publish(QoS.AT_LEAST_ONCE, 2, "after"));

        assertThat(store.pending()).as("nothing routed before the QoS 2 identifier is durable")
                .noneMatch(c -> c instanceof Change.MarkSent);
        assertThat(subscriber.payloads()).isEmpty();
        assertThat(publisher.sent).isEmpty();

        store.commit();
        assertThat(publisher.sent).extracting(Packet::type).map(Enum::name).containsExactly("PUBREC", "PUBACK");
        assertThat(((PubRec) publisher.sent.get(0)).packetId()).isEqualTo(1);
        store.commit(); // the QoS 2 delivery's packet identifier, before it leaves; "after" keeps its place behind it
        assertThat(subscriber.payloads()).containsExactly("two", "after");

        publisher.connection.onPacket(publish(QoS.AT_LEAST_ONCE, 3, "free again"));
        assertThat(subscriber.payloads()).containsExactly("two", "after", "free again");
    }

    private static Publish publish(QoS qos, int packetId, String payload) {
        return new Publish("t", qos, false, false, packetId, Properties.EMPTY,
                payload.getBytes(StandardCharsets.UTF_8));
    }

    private Channel connect(String clientId) {
        Channel channel = new Channel();
        channel.connection = broker.accept(channel);
        channel.connection.onPacket(new Connect(ProtocolVersion.MQTT_3_1_1, clientId, false, 60, null, null, null,
                Properties.EMPTY));
        store.commit(); // the session is stored before CONNACK
        return channel;
    }

    /** The network side of one connection: records what the broker sends. */
    private final class Channel implements ClientChannel {
        final List<Packet> sent = new ArrayList<>();
        final List<String> published = new ArrayList<>();
        Connection connection;

        List<String> payloads() {
            return published;
        }

        @Override
        public HomeThread home() {
            return home;
        }

        @Override
        public void send(Packet packet, ProtocolVersion version) {
            if (!packet.type().name().equals("CONNACK") && !packet.type().name().equals("SUBACK")) {
                sent.add(packet);
            }
        }

        @Override
        public void sendPublish(EncodedPublish publish, int packetId, boolean dup) {
            int start = publish.packetIdOffset() + 2; // 3.1.1 at QoS 1/2: the payload follows the packet identifier
            published.add(new String(publish.bytes(), start, publish.bytes().length - start, StandardCharsets.UTF_8));
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void holdReading(boolean hold) {
        }

        @Override
        public boolean moveTo(HomeThread target) {
            return false;
        }

        @Override
        public void close() {
        }

        @Override
        public void readIdleTimeout(long millis) {
        }

        @Override
        public void maximumInboundPacketSize(int bytes) {
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }

        @Override
        public Optional<PeerCertificate> peerCertificate() {
            return Optional.empty();
        }

        @Override
        public ListenerConfig listener() {
            return ListenerConfig.loopback("test", 0);
        }
    }
}
