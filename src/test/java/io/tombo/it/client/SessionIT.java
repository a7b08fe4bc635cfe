package io.tombo.it.client;

import io.tombo.client.ClientOptions;
import io.tombo.client.MqttClient;
import io.tombo.client.MqttException;
import io.tombo.codec.ConnAck;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.QoS;
import io.tombo.codec.Subscription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.tombo.it.client.Inbox.bytes;
import static io.tombo.it.client.Inbox.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Persistent sessions and automatic reconnect, against Tombo and mosquitto. */
class SessionIT {
    private static final long T = 10;
    private static final ClientOptions.ReconnectPolicy FAST =
            new ClientOptions.ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(500));

    private static ClientOptions.Builder persistent(TestBroker broker, String id, ProtocolVersion version) {
        ClientOptions.Builder b = broker.options(id).version(version).cleanStart(false);
        if (version.isV5()) {
            b.connectProperties(Properties.builder().put(Property.SESSION_EXPIRY_INTERVAL, 300L).build());
        }
        return b;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tombo.it.client.Matrix#brokersAndModernVersions")
    void resumedSessionDeliversTheMessagesQueuedWhileAway(TestBroker.Kind kind, ProtocolVersion version)
            throws Exception {
        try (TestBroker broker = TestBroker.start(kind)) {
            try (MqttClient sub = MqttClient.connect(persistent(broker, "sleeper", version).build())) {
                sub.subscribe(List.of(new Subscription("queued/#", QoS.EXACTLY_ONCE)), m -> { })
                        .get(T, TimeUnit.SECONDS);
            }
            try (MqttClient pub = MqttClient.connect(broker.options("waker").version(version).build())) {
                for (QoS qos : List.of(QoS.AT_LEAST_ONCE, QoS.EXACTLY_ONCE, QoS.AT_LEAST_ONCE)) {
                    pub.publish("queued/" + qos.value(), bytes("while away at " + qos), qos, false)
                            .get(T, TimeUnit.SECONDS);
                }
            }
            Inbox inbox = new Inbox();
            // the default handler is in place before CONNACK, so nothing the session sends at once is missed
            try (MqttClient sub = MqttClient.connect(persistent(broker, "sleeper", version).build(), inbox)) {
                assertThat(sub.connAck().sessionPresent()).isTrue(); // [MQTT-3.2.2-2]
                assertThat(List.of(text(inbox.next()), text(inbox.next()), text(inbox.next()))).containsExactly(
                        "while away at AT_LEAST_ONCE", "while away at EXACTLY_ONCE", "while away at AT_LEAST_ONCE");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tombo.it.client.Matrix#brokersAndModernVersions")
    void reconnectsAfterTheBrokerRestartsSubscribesAgainAndSendsWhatWaited(TestBroker.Kind kind,
                                                                         ProtocolVersion version) throws Exception {
        try (TestBroker broker = TestBroker.start(kind)) {
            Inbox inbox = new Inbox();
            List<MqttException> lost = new CopyOnWriteArrayList<>();
            List<ConnAck> reconnected = new CopyOnWriteArrayList<>();
            try (MqttClient c = MqttClient.connect(broker.options("phoenix").version(version).reconnect(FAST).build())) {
                c.onConnectionLost(lost::add);
                c.onReconnected(reconnected::add);
                c.subscribe(List.of(new Subscription("phoenix/#", QoS.AT_LEAST_ONCE)), inbox).get(T, TimeUnit.SECONDS);

                broker.stop(); // a crash: the broker keeps no state
                await().atMost(Inbox.TIMEOUT).until(() -> !lost.isEmpty());
                assertThat(c.isConnected()).isFalse();
                List<CompletableFuture<Void>> waiting = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    waiting.add(c.publish("phoenix/offline", bytes("queued " + i), QoS.AT_LEAST_ONCE, false));
                }
                assertThat(waiting).noneMatch(CompletableFuture::isDone);

                broker.launch();
                await().atMost(Inbox.TIMEOUT).until(() -> !reconnected.isEmpty());
                assertThat(c.isConnected()).isTrue();
                assertThat(reconnected.getFirst().sessionPresent()).isFalse();
                CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(T, TimeUnit.SECONDS);

                // subscribed again on its own: a message from another client reaches the same handler
                try (MqttClient other = MqttClient.connect(broker.options("other").version(version).build())) {
                    other.publish("phoenix/after", bytes("after restart"), QoS.AT_LEAST_ONCE, false)
                            .get(T, TimeUnit.SECONDS);
                }
                List<String> got = new ArrayList<>();
                await().atMost(Inbox.TIMEOUT).untilAsserted(() -> {
                    got.add(text(inbox.next()));
                    assertThat(got).contains("after restart");
                });
            }
            assertThat(lost).hasSize(1);
        }
    }
}
