package io.tombo.it.client;

import io.tombo.client.AcknowledgingHandler;
import io.tombo.client.Acknowledgement;
import io.tombo.client.ClientOptions;
import io.tombo.client.MqttClient;
import io.tombo.client.MqttException;
import io.tombo.codec.Disconnect;
import io.tombo.codec.PingReq;
import io.tombo.codec.PingResp;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.PubAck;
import io.tombo.codec.PubComp;
import io.tombo.codec.PubRec;
import io.tombo.codec.PubRel;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.ReasonCode;
import io.tombo.codec.Will;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.tombo.it.client.Inbox.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client against a {@link ScriptedServer}: the server behaviour no broker shows on demand. */
class ScriptedServerIT {

    private static ClientOptions.Builder options(ScriptedServer server, ProtocolVersion version) {
        return ClientOptions.builder().host("127.0.0.1").port(server.port()).clientId("scripted").version(version)
                .connectTimeout(Duration.ofSeconds(5));
    }

    /** Connects on a virtual thread while the server accepts; returns the connected client. */
    private static MqttClient connect(ClientOptions options, ScriptedServer server, Properties connAckProperties,
                                      List<ScriptedServer.Peer> peers) throws Exception {
        CompletableFuture<MqttClient> client = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                client.complete(MqttClient.connect(options));
            } catch (Throwable e) {
                client.completeExceptionally(e);
            }
        });
        ScriptedServer.Peer peer = server.accept();
        peers.add(peer);
        peer.accept(connAckProperties);
        return client.get(10, TimeUnit.SECONDS);
    }

    @Test
    void pingreqAfterAnIdleIntervalAndLostWithoutPingresp() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_3_1_1).keepAliveSeconds(1).build(), server,
                     Properties.EMPTY, peers)) {
            List<MqttException> lost = new CopyOnWriteArrayList<>();
            c.onConnectionLost(lost::add);
            // [MQTT-3.1.2-23] (3.1.1): nothing else to send, so a PINGREQ within the keep alive
            assertThat(peers.getFirst().readWithin(Duration.ofSeconds(3))).isInstanceOf(PingReq.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> !lost.isEmpty());
            assertThat(lost.getFirst().getMessage()).isEqualTo("Connection lost: no PINGRESP within 1 s");
            assertThat(lost.getFirst().reason()).isEqualTo(ReasonCode.KEEP_ALIVE_TIMEOUT);
            assertThat(c.isConnected()).isFalse();
        }
    }

    @Test
    void answeredPingsKeepTheConnection() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_3_1_1).keepAliveSeconds(1).build(), server,
                     Properties.EMPTY, peers)) {
            ScriptedServer.Peer peer = peers.getFirst();
            for (int i = 0; i < 3; i++) {
                assertThat(peer.readWithin(Duration.ofSeconds(3))).isInstanceOf(PingReq.class);
                peer.send(PingResp.INSTANCE);
            }
            assertThat(c.isConnected()).isTrue();
        }
    }

    @Test
    void serverKeepAliveReplacesTheClientsOwn() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        Properties serverKeepAlive = Properties.builder().put(Property.SERVER_KEEP_ALIVE, 1).build();
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_5).keepAliveSeconds(60).build(), server,
                     serverKeepAlive, peers)) {
            // [MQTT-3.2.2-21] (5.0)
            assertThat(peers.getFirst().readWithin(Duration.ofSeconds(3))).isInstanceOf(PingReq.class);
            assertThat(c.isConnected()).isTrue();
        }
    }

    @Test
    void serverDisconnectReachesTheListenerWithReasonCodeAndReasonString() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_5).build(), server, Properties.EMPTY, peers)) {
            List<MqttException> lost = new CopyOnWriteArrayList<>();
            c.onConnectionLost(lost::add);
            peers.getFirst().send(new Disconnect(ReasonCode.ADMINISTRATIVE_ACTION,
                    Properties.builder().put(Property.REASON_STRING, "maintenance").build()));
            await().atMost(Inbox.TIMEOUT).until(() -> !lost.isEmpty());
            MqttException e = lost.getFirst();
            assertThat(e.reason()).isEqualTo(ReasonCode.ADMINISTRATIVE_ACTION);
            assertThat(e.reasonString()).isEqualTo("maintenance");
            assertThat(e.getMessage())
                    .isEqualTo("Connection lost: the server sent DISCONNECT: Administrative action (maintenance)");
        }
    }

    @Test
    void topicAliasesFromTheServerAreResolvedBeforeTheHandler() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        Inbox inbox = new Inbox();
        try (ScriptedServer server = new ScriptedServer()) {
            Properties aliasMax = Properties.builder().put(Property.TOPIC_ALIAS_MAXIMUM, 5).build();
            try (MqttClient c = connect(options(server, ProtocolVersion.MQTT_5).connectProperties(aliasMax).build(),
                    server, Properties.EMPTY, peers)) {
                c.defaultHandler(inbox);
                ScriptedServer.Peer peer = peers.getFirst();
                assertThat(peer.connect.properties().integer(Property.TOPIC_ALIAS_MAXIMUM)).isEqualTo(5);
                Properties alias1 = Properties.builder().put(Property.TOPIC_ALIAS, 1).build();
                peer.send(new Publish("sensors/t", QoS.AT_MOST_ONCE, false, false, 0, alias1, bytes("first")));
                peer.send(new Publish("", QoS.AT_MOST_ONCE, false, false, 0, alias1, bytes("second")));
                for (String payload : List.of("first", "second")) {
                    Publish p = inbox.next();
                    assertThat(p.topic()).isEqualTo("sensors/t");
                    assertThat(Inbox.text(p)).isEqualTo(payload);
                    assertThat(p.properties().has(Property.TOPIC_ALIAS)).isFalse();
                }
            }
        }
    }

    @Test
    void topicAliasAboveTheClientsMaximumEndsTheConnectionWith0x94() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_5).build(), server, Properties.EMPTY, peers)) {
            List<MqttException> lost = new CopyOnWriteArrayList<>();
            c.onConnectionLost(lost::add);
            ScriptedServer.Peer peer = peers.getFirst();
            // the client announced no Topic Alias Maximum, so any alias is invalid [MQTT-3.3.2-11] (5.0)
            peer.send(new Publish("t", QoS.AT_MOST_ONCE, false, false, 0,
                    Properties.builder().put(Property.TOPIC_ALIAS, 1).build(), bytes("x")));
            Disconnect d = peer.read(Disconnect.class);
            assertThat(d.reason()).isEqualTo(ReasonCode.TOPIC_ALIAS_INVALID); // [MQTT-4.13.1-1]
            await().atMost(Inbox.TIMEOUT).until(() -> !lost.isEmpty());
            assertThat(lost.getFirst().reason()).isEqualTo(ReasonCode.TOPIC_ALIAS_INVALID);
        }
    }

    @Test
    void repeatedQos2PublishIsAcknowledgedAgainButDeliveredOnce() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        Inbox inbox = new Inbox();
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_5).build(), server, Properties.EMPTY, peers)) {
            c.defaultHandler(inbox);
            ScriptedServer.Peer peer = peers.getFirst();
            Publish once = new Publish("q2", QoS.EXACTLY_ONCE, false, false, 7, Properties.EMPTY, bytes("once"));
            peer.send(once);
            assertThat(peer.read(PubRec.class).packetId()).isEqualTo(7);
            peer.send(once.withPacketId(7, true));
            assertThat(peer.read(PubRec.class).packetId()).isEqualTo(7); // [MQTT-4.3.3-10] (5.0)
            peer.send(new PubRel(7));
            assertThat(peer.read(PubComp.class).packetId()).isEqualTo(7); // [MQTT-4.3.3-11] (5.0)
            assertThat(Inbox.text(inbox.next())).isEqualTo("once");
            // after PUBCOMP the identifier is new again [MQTT-4.3.3-12] (5.0)
            peer.send(new Publish("q2", QoS.EXACTLY_ONCE, false, false, 7, Properties.EMPTY, bytes("again")));
            assertThat(peer.read(PubRec.class).packetId()).isEqualTo(7);
            assertThat(Inbox.text(inbox.next())).isEqualTo("again");
            assertThat(inbox.size()).isZero();
        }
    }

    @Test
    void acknowledgingHandlerSendsPubacksWhenToldAndInArrivalOrder() throws Exception {
        List<Acknowledgement> acks = new CopyOnWriteArrayList<>();
        try (ScriptedServer server = new ScriptedServer()) {
            CompletableFuture<MqttClient> connecting = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    connecting.complete(MqttClient.connect(options(server, ProtocolVersion.MQTT_5).build(),
                            (AcknowledgingHandler) (message, ack) -> acks.add(ack)));
                } catch (Throwable e) {
                    connecting.completeExceptionally(e);
                }
            });
            ScriptedServer.Peer peer = server.accept();
            peer.accept(Properties.EMPTY);
            try (MqttClient c = connecting.get(10, TimeUnit.SECONDS)) {
                for (int id = 1; id <= 3; id++) {
                    peer.send(new Publish("t", id == 2 ? QoS.EXACTLY_ONCE : QoS.AT_LEAST_ONCE, false, false, id,
                            Properties.EMPTY, bytes("m" + id)));
                }
                await().atMost(Inbox.TIMEOUT).until(() -> acks.size() == 3);
                assertThat(peer.readWithin(Duration.ofMillis(200))).as("nothing acknowledged yet").isNull();
                acks.get(2).acknowledge();
                acks.get(1).acknowledge();
                assertThat(peer.readWithin(Duration.ofMillis(200))).as("the first still holds the others").isNull();
                acks.get(0).acknowledge();
                acks.get(0).acknowledge(); // a second call changes nothing
                assertThat(peer.read(PubAck.class).packetId()).isEqualTo(1); // [MQTT-4.6.0-2]
                assertThat(peer.read(PubRec.class).packetId()).isEqualTo(2);
                assertThat(peer.read(PubAck.class).packetId()).isEqualTo(3);
                assertThat(peer.readWithin(Duration.ofMillis(200))).isNull();
                assertThat(c.isConnected()).isTrue();
            }
        }
    }

    @Test
    void serverReceiveMaximumBoundsTheMessagesInFlight() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        Properties receiveMax2 = Properties.builder().put(Property.RECEIVE_MAXIMUM, 2).build();
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_5).build(), server, receiveMax2, peers)) {
            ScriptedServer.Peer peer = peers.getFirst();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                done.add(c.publish("w", bytes("m" + i), QoS.AT_LEAST_ONCE, false));
            }
            List<Publish> seen = new ArrayList<>();
            seen.add(peer.read(Publish.class));
            seen.add(peer.read(Publish.class));
            // [MQTT-3.3.4-7] (5.0): a third waits for an acknowledgement
            assertThat(peer.readWithin(Duration.ofMillis(300))).isNull();
            assertThat(c.unfinishedPublishes()).isEqualTo(5);
            while (seen.size() < 5) {
                Publish oldest = seen.get(seen.size() - 2);
                peer.send(new PubAck(oldest.packetId()));
                seen.add(peer.read(Publish.class));
            }
            peer.send(new PubAck(seen.get(3).packetId()));
            peer.send(new PubAck(seen.get(4).packetId()));
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(seen).extracting(Inbox::text).containsExactly("m0", "m1", "m2", "m3", "m4"); // [MQTT-4.6.0-1]
        }
    }

    @Test
    void publishAboveTheServersMaximumPacketSizeFailsWithoutBeingSent() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        Properties max100 = Properties.builder().put(Property.MAXIMUM_PACKET_SIZE, 100L).build();
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_5).build(), server, max100, peers)) {
            CompletableFuture<Void> big = c.publish("big", new byte[200], QoS.AT_LEAST_ONCE, false);
            assertThatThrownBy(() -> big.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(MqttException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ReasonCode.PACKET_TOO_LARGE); // [MQTT-3.2.2-15] (5.0)
                        assertThat(e.getMessage()).startsWith("Packet larger than supported by the server.");
                    });
            c.publish("small", new byte[10], QoS.AT_MOST_ONCE, false).get(10, TimeUnit.SECONDS);
            assertThat(peers.getFirst().read(Publish.class).topic()).isEqualTo("small");
        }
    }

    @Test
    void negativePubackFailsThePublishWithItsReason() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_5).build(), server, Properties.EMPTY, peers)) {
            CompletableFuture<Void> f = c.publish("denied", bytes("x"), QoS.AT_LEAST_ONCE, false);
            Publish p = peers.getFirst().read(Publish.class);
            peers.getFirst().send(new PubAck(p.packetId(), ReasonCode.NOT_AUTHORIZED,
                    Properties.builder().put(Property.REASON_STRING, "acl").build()));
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(MqttException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
                        assertThat(e.reasonString()).isEqualTo("acl");
                        assertThat(e.getMessage()).isEqualTo("Not authorized");
                    });
        }
    }

    @Test
    void a311ServerRefusingA5ClientIsUnsupportedProtocolVersion() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    MqttClient.connect(options(server, ProtocolVersion.MQTT_5).build()).close();
                    failure.complete(null);
                } catch (Throwable e) {
                    failure.complete(e);
                }
            });
            try (ScriptedServer.Peer peer = server.accept()) {
                peer.sendRaw(new byte[] {0x20, 0x02, 0x00, 0x01}); // 3.1.1 CONNACK, return code 1
                assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.reason()).isEqualTo(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION));
            }
        }
    }

    @Test
    void resumedSessionResendsPublishWithDupAndPubrel() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        ClientOptions.ReconnectPolicy fast = new ClientOptions.ReconnectPolicy(Duration.ofMillis(50),
                Duration.ofMillis(200));
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_3_1_1).cleanStart(false).reconnect(fast)
                     .build(), server, Properties.EMPTY, peers)) {
            ScriptedServer.Peer first = peers.getFirst();
            CompletableFuture<Void> q1 = c.publish("r/1", bytes("one"), QoS.AT_LEAST_ONCE, false);
            CompletableFuture<Void> q2 = c.publish("r/2", bytes("two"), QoS.EXACTLY_ONCE, false);
            Publish p1 = first.read(Publish.class);
            Publish p2 = first.read(Publish.class);
            first.send(new PubRec(p2.packetId()));
            assertThat(first.read(PubRel.class).packetId()).isEqualTo(p2.packetId());
            first.close();

            ScriptedServer.Peer second = server.accept();
            second.send(new io.tombo.codec.ConnAck(true, ReasonCode.SUCCESS, Properties.EMPTY));
            // [MQTT-4.4.0-1]: the unacknowledged PUBLISH again with DUP, and the PUBREL again, in order
            Publish again = second.read(Publish.class);
            assertThat(again.packetId()).isEqualTo(p1.packetId());
            assertThat(again.dup()).isTrue();
            assertThat(second.read(PubRel.class).packetId()).isEqualTo(p2.packetId());
            assertThat(q1).isNotDone();
            second.send(new PubAck(p1.packetId()));
            second.send(new PubComp(p2.packetId()));
            CompletableFuture.allOf(q1, q2).get(10, TimeUnit.SECONDS);
            second.close();
        }
    }

    @Test
    void connectCarriesCredentialsWillAndProperties() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        Will will = new Will("wills/me", bytes("bye"), QoS.AT_LEAST_ONCE, true,
                Properties.builder().put(Property.WILL_DELAY_INTERVAL, 5L).build());
        Properties props = Properties.builder().put(Property.SESSION_EXPIRY_INTERVAL, 60L)
                .put(Property.RECEIVE_MAXIMUM, 10).userProperty("site", "lab").build();
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_5).username("ann")
                     .password(bytes("secret")).will(will).cleanStart(false).keepAliveSeconds(30)
                     .connectProperties(props).build(), server, Properties.EMPTY, peers)) {
            io.tombo.codec.Connect sent = peers.getFirst().connect;
            assertThat(sent.clientId()).isEqualTo("scripted");
            assertThat(sent.username()).isEqualTo("ann");
            assertThat(sent.password()).isEqualTo(bytes("secret"));
            assertThat(sent.cleanStart()).isFalse();
            assertThat(sent.keepAliveSeconds()).isEqualTo(30);
            assertThat(sent.properties()).isEqualTo(props);
            assertThat(sent.will().topic()).isEqualTo("wills/me");
            assertThat(sent.will().payload()).isEqualTo(bytes("bye"));
            assertThat(sent.will().qos()).isEqualTo(QoS.AT_LEAST_ONCE);
            assertThat(sent.will().retain()).isTrue();
            assertThat(sent.will().properties().fourByte(Property.WILL_DELAY_INTERVAL)).isEqualTo(5L);
            assertThat(c.isConnected()).isTrue();
        }
    }

    @Test
    void lostConnectionWithoutReconnectFailsWhatIsInFlight() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_3_1_1).build(), server, Properties.EMPTY,
                     peers)) {
            CompletableFuture<Void> unacknowledged = c.publish("t", bytes("x"), QoS.AT_LEAST_ONCE, false);
            peers.getFirst().read(Publish.class);
            peers.getFirst().close();
            assertThatThrownBy(() -> unacknowledged.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(MqttException.class).hasMessageStartingWith("Connection lost");
            assertThatThrownBy(() -> c.publish("t", bytes("y"), QoS.AT_MOST_ONCE, false).get(10, TimeUnit.SECONDS))
                    .cause().hasMessage("The client is not currently connected.");
        }
    }

    @Test
    void disconnectFailsUnfinishedPublishesButWritesQueuedOnesFirst() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer()) {
            MqttClient c = connect(options(server, ProtocolVersion.MQTT_3_1_1).build(), server, Properties.EMPTY, peers);
            CompletableFuture<Void> q0 = c.publish("t", bytes("zero"), QoS.AT_MOST_ONCE, false);
            CompletableFuture<Void> q1 = c.publish("t", bytes("one"), QoS.AT_LEAST_ONCE, false);
            c.disconnect();
            ScriptedServer.Peer peer = peers.getFirst();
            assertThat(Inbox.text(peer.read(Publish.class))).isEqualTo("zero");
            assertThat(Inbox.text(peer.read(Publish.class))).isEqualTo("one");
            assertThat(peer.read()).isInstanceOf(Disconnect.class);
            q0.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> q1.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(MqttException.class);
        }
    }

    @Test
    void reconnectWithoutSessionSendsUnacknowledgedPublishesAsNew() throws Exception {
        List<ScriptedServer.Peer> peers = new ArrayList<>();
        ClientOptions.ReconnectPolicy fast = new ClientOptions.ReconnectPolicy(Duration.ofMillis(50),
                Duration.ofMillis(200));
        try (ScriptedServer server = new ScriptedServer();
             MqttClient c = connect(options(server, ProtocolVersion.MQTT_3_1_1).reconnect(fast).build(), server,
                     Properties.EMPTY, peers)) {
            ScriptedServer.Peer first = peers.getFirst();
            CompletableFuture<Void> q1 = c.publish("r/1", bytes("one"), QoS.AT_LEAST_ONCE, false);
            CompletableFuture<Void> q2 = c.publish("r/2", bytes("two"), QoS.EXACTLY_ONCE, false);
            first.read(Publish.class);
            Publish p2 = first.read(Publish.class);
            first.send(new PubRec(p2.packetId()));
            first.read(PubRel.class);
            first.close();

            ScriptedServer.Peer second = server.accept();
            second.send(new io.tombo.codec.ConnAck(false, ReasonCode.SUCCESS, Properties.EMPTY));
            // [MQTT-3.2.2-5] (5.0): no session, so no DUP; the PUBRECed QoS 2 message was the server's already
            q2.get(10, TimeUnit.SECONDS);
            Publish again = second.read(Publish.class);
            assertThat(again.topic()).isEqualTo("r/1");
            assertThat(again.dup()).isFalse();
            second.send(new PubAck(again.packetId()));
            q1.get(10, TimeUnit.SECONDS);
            second.close();
        }
    }
}
