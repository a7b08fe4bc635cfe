package io.tombo.it.client;

import io.tombo.client.ClientOptions;
import io.tombo.client.MqttClient;
import io.tombo.client.MqttException;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.Property;
import io.tombo.codec.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** CONNECT and its outcomes: accepted in every version, refused with Mosquitto's words, unreachable, silent. */
class ConnectIT {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tombo.it.client.Matrix#brokersAndVersions")
    void connectsAndDisconnectsInEveryVersion(TestBroker.Kind kind, ProtocolVersion version) {
        try (TestBroker broker = TestBroker.start(kind)) {
            MqttClient c = assertConnects(broker.options("c-" + version.level()).version(version).build());
            assertThat(c.connAck().reason()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(c.connAck().sessionPresent()).isFalse(); // clean start [MQTT-3.2.2-2]
            c.disconnect();
            assertThat(c.isConnected()).isFalse();
            c.close(); // a second close does nothing
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tombo.it.client.Matrix#brokers")
    void anonymousClientRefusedAsNotAuthorisedIn311(TestBroker.Kind kind) {
        try (TestBroker broker = TestBroker.startWith(kind, p -> "listener " + p + " 127.0.0.1\nallow_anonymous false")) {
            assertThatThrownBy(() -> MqttClient.connect(broker.options("anon").build()))
                    .isInstanceOfSatisfying(MqttException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("Connection Refused: not authorised.");
                        assertThat(e.reason()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tombo.it.client.Matrix#brokers")
    void anonymousClientRefusedWithReasonCodeIn5(TestBroker.Kind kind) {
        try (TestBroker broker = TestBroker.startWith(kind, p -> "listener " + p + " 127.0.0.1\nallow_anonymous false")) {
            assertThatThrownBy(() -> MqttClient.connect(broker.options("anon").version(ProtocolVersion.MQTT_5).build()))
                    .isInstanceOfSatisfying(MqttException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("Not authorized");
                        assertThat(e.reason()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tombo.it.client.Matrix#brokers")
    void emptyClientIdIsAssignedByA5Server(TestBroker.Kind kind) {
        try (TestBroker broker = TestBroker.start(kind);
             MqttClient c = MqttClient.connect(broker.options("").version(ProtocolVersion.MQTT_5).build())) {
            String assigned = c.connAck().properties().string(Property.ASSIGNED_CLIENT_IDENTIFIER);
            assertThat(assigned).isNotEmpty(); // [MQTT-3.2.2-16]
            assertThat(c.clientId()).isEqualTo(assigned);
        } catch (MqttException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nobodyListeningIsConnectionRefused() throws Exception {
        int port = TestBroker.freePort();
        assertThatThrownBy(() -> MqttClient.connect(ClientOptions.builder().host("127.0.0.1").port(port).build()))
                .isInstanceOf(MqttException.class)
                .hasMessageStartingWith("Connection refused");
    }

    @Test
    void serverThatNeverAnswersTimesOutWithinTheConnectTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (Exception ignored) {
                    // closed by the test
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> MqttClient.connect(ClientOptions.builder().host("127.0.0.1")
                    .port(silent.getLocalPort()).connectTimeout(Duration.ofMillis(500)).build()))
                    .isInstanceOf(MqttException.class)
                    .hasMessageStartingWith("Connection timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    /**
     * Tombo tells a 5.0 client it was taken over with DISCONNECT 0x8E; mosquitto 2.0.11 just closes the socket, so
     * there the listener hears a plain lost connection.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tombo.it.client.Matrix#brokers")
    void sessionTakeOverReachesTheLostListener(TestBroker.Kind kind) throws Exception {
        try (TestBroker broker = TestBroker.start(kind)) {
            MqttClient first = MqttClient.connect(broker.options("twin").version(ProtocolVersion.MQTT_5).build());
            List<MqttException> lost = new CopyOnWriteArrayList<>();
            first.onConnectionLost(lost::add);
            try (MqttClient second = MqttClient.connect(broker.options("twin").version(ProtocolVersion.MQTT_5).build())) {
                await().atMost(Inbox.TIMEOUT).until(() -> !lost.isEmpty());
                MqttException e = lost.getFirst();
                assertThat(e.getMessage()).startsWith("Connection lost");
                if (kind == TestBroker.Kind.TOMBO) {
                    assertThat(e.reason()).isEqualTo(ReasonCode.SESSION_TAKEN_OVER);
                    assertThat(e.getMessage()).contains("Session taken over");
                }
                assertThat(first.isConnected()).isFalse();
                assertThat(second.isConnected()).isTrue();
            }
            first.close();
            assertThat(lost).hasSize(1);
        }
    }

    private static MqttClient assertConnects(ClientOptions options) {
        try {
            MqttClient c = MqttClient.connect(options);
            assertThat(c.isConnected()).isTrue();
            return c;
        } catch (MqttException e) {
            throw new AssertionError("connect failed: " + e.getMessage(), e);
        }
    }
}
