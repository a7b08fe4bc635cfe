package io.tombo.it.interop;

import io.tombo.it.BrokerUnderTest;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eclipse Paho Java v3 (1.2.5), the most common Java MQTT client, speaking MQTT 3.1.1 and 3.1. One Paho client
 * publishes and another receives, so both the broker's inbound and outbound paths are seen by a real client.
 */
class PahoV3IT {
    private static final long TIMEOUT_MS = 10_000;
    private static final AtomicInteger IDS = new AtomicInteger();

    private static BrokerUnderTest broker;
    private final List<MqttClient> clients = new ArrayList<>();

    /** A message as the receiving application saw it. */
    record Received(String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void startBroker() {
        broker = BrokerUnderTest.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeClients() throws MqttException {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnect(0);
            }
            c.close(true);
        }
    }

    static Stream<Arguments> versions() {
        return Stream.of(
                Arguments.of(MqttConnectOptions.MQTT_VERSION_3_1_1, "3.1.1"),
                Arguments.of(MqttConnectOptions.MQTT_VERSION_3_1, "3.1"));
    }

    static Stream<Arguments> versionsAndQos() {
        return versions().flatMap(v -> Stream.of(0, 1, 2).map(q -> Arguments.of(v.get()[0], v.get()[1], q)));
    }

    @ParameterizedTest(name = "MQTT {1} QoS {2}")
    @MethodSource("versionsAndQos")
    void publishReachesSubscriberAtRequestedQos(int version, String name, int qos) throws Exception {
        String topic = topic("qos" + qos);
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttClient sub = connect(version, true);
        IMqttToken subAck = sub.subscribeWithResponse(topic, qos, (t, m) -> inbox.add(new Received(t, m)));
        assertThat(subAck.getGrantedQos()).containsExactly(qos);

        MqttClient pub = connect(version, true);
        pub.publish(topic, "temperature=23.5".getBytes(StandardCharsets.UTF_8), qos, false);

        Received r = next(inbox);
        assertThat(r.topic()).isEqualTo(topic);
        assertThat(r.text()).isEqualTo("temperature=23.5");
        assertThat(r.message().getQos()).isEqualTo(qos);
        assertThat(r.message().isRetained()).isFalse();
        assertThat(r.message().isDuplicate()).isFalse();
    }

    @ParameterizedTest(name = "MQTT {1}")
    @MethodSource("versions")
    void messagesFromOnePublisherArriveInOrder(int version, String name) throws Exception {
        String topic = topic("order");
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        connect(version, true).subscribe(topic, 1, (t, m) -> inbox.add(new Received(t, m)));

        MqttClient pub = connect(version, true);
        for (int i = 0; i < 50; i++) {
            pub.publish(topic, Integer.toString(i).getBytes(StandardCharsets.US_ASCII), 1, false);
        }

        for (int i = 0; i < 50; i++) {
            assertThat(next(inbox).text()).isEqualTo(Integer.toString(i)); // [MQTT-4.6.0-6]
        }
    }

    @ParameterizedTest(name = "MQTT {1}")
    @MethodSource("versions")
    void retainedMessageIsDeliveredToLaterSubscriber(int version, String name) throws Exception {
        String topic = topic("retained");
        MqttClient pub = connect(version, true);
        pub.publish(topic, "last known value".getBytes(StandardCharsets.UTF_8), 1, true);

        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        connect(version, true).subscribe(topic, 1, (t, m) -> inbox.add(new Received(t, m)));

        Received r = next(inbox);
        assertThat(r.text()).isEqualTo("last known value");
        assertThat(r.message().isRetained()).isTrue(); // [MQTT-3.3.1-8]

        pub.publish(topic, new byte[0], 1, true); // an empty retained message clears it [MQTT-3.3.1-10]
        BlockingQueue<Received> later = new LinkedBlockingQueue<>();
        MqttClient late = connect(version, true);
        late.subscribe(topic, 1, (t, m) -> later.add(new Received(t, m)));
        late.subscribe(topic + "/marker", 1, (t, m) -> later.add(new Received(t, m)));
        pub.publish(topic + "/marker", "marker".getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(next(later).text()).isEqualTo("marker");
    }

    @ParameterizedTest(name = "MQTT {1}")
    @MethodSource("versions")
    void willIsPublishedWhenConnectionDropsWithoutDisconnect(int version, String name) throws Exception {
        String topic = topic("will");
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        connect(version, true).subscribe(topic, 1, (t, m) -> inbox.add(new Received(t, m)));

        RawConnect.Version raw = version == MqttConnectOptions.MQTT_VERSION_3_1
                ? RawConnect.Version.V3_1 : RawConnect.Version.V3_1_1;
        Socket device = RawConnect.withWill(broker.port(), raw, clientId(), topic,
                "device offline".getBytes(StandardCharsets.UTF_8), 1, false);
        device.close();

        Received r = next(inbox);
        assertThat(r.text()).isEqualTo("device offline");
        assertThat(r.message().getQos()).isEqualTo(1);
        assertThat(r.message().isRetained()).isFalse();
    }

    @ParameterizedTest(name = "MQTT {1}")
    @MethodSource("versions")
    void persistentSessionReceivesQos1MessagesQueuedWhileOffline(int version, String name) throws Exception {
        String topic = topic("offline");
        String id = clientId();
        MqttClient first = connect(version, false, id, new Inbox());
        first.subscribe(topic, 1);
        first.disconnect();

        MqttClient pub = connect(version, true);
        for (int i = 1; i <= 3; i++) {
            pub.publish(topic, ("queued " + i).getBytes(StandardCharsets.UTF_8), 1, false);
        }

        Inbox inbox = new Inbox();
        MqttClient second = client(id);
        second.setCallback(inbox);
        IMqttToken connAck = second.connectWithResult(options(version, false));
        if (version == MqttConnectOptions.MQTT_VERSION_3_1_1) {
            assertThat(connAck.getSessionPresent()).isTrue(); // [MQTT-3.2.2-2]; MQTT 3.1 has no such flag
        }
        for (int i = 1; i <= 3; i++) {
            Received r = next(inbox.queue);
            assertThat(r.text()).isEqualTo("queued " + i);
            assertThat(r.message().getQos()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "MQTT {1}")
    @MethodSource("versions")
    void oneMebibytePayloadArrivesIntact(int version, String name) throws Exception {
        String topic = topic("large");
        byte[] payload = new byte[1 << 20];
        new Random(42).nextBytes(payload);
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        connect(version, true).subscribe(topic, 1, (t, m) -> inbox.add(new Received(t, m)));

        connect(version, true).publish(topic, payload, 1, false);

        assertThat(next(inbox).message().getPayload()).isEqualTo(payload);
    }

    @ParameterizedTest(name = "MQTT {1}")
    @MethodSource("versions")
    void utf8TopicAndPayloadArriveUnchanged(int version, String name) throws Exception {
        String topic = topic("センサー/온도/温度");
        String text = "こんにちは、世界 / 안녕하세요 / 你好，世界 23.5℃";
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        connect(version, true).subscribe(topic, 1, (t, m) -> inbox.add(new Received(t, m)));

        connect(version, true).publish(topic, text.getBytes(StandardCharsets.UTF_8), 1, false);

        Received r = next(inbox);
        assertThat(r.topic()).isEqualTo(topic);
        assertThat(r.text()).isEqualTo(text);
    }

    /** Collects messages delivered to the client-wide callback, which is what a resumed session delivers to. */
    static final class Inbox implements MqttCallback {
        final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            queue.add(new Received(topic, message));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    private static Received next(BlockingQueue<Received> inbox) throws InterruptedException {
        Received r = inbox.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertThat(r).as("message within %d ms", TIMEOUT_MS).isNotNull();
        return r;
    }

    private static String topic(String leaf) {
        return "paho3/" + IDS.incrementAndGet() + "/" + leaf;
    }

    /** MQTT 3.1 servers may reject client ids over 23 characters, so ids stay short. */
    private static String clientId() {
        return "paho3-" + IDS.incrementAndGet();
    }

    private MqttClient client(String id) throws MqttException {
        MqttClient c = new MqttClient(broker.uri(), id, new MemoryPersistence());
        c.setTimeToWait(TIMEOUT_MS);
        clients.add(c);
        return c;
    }

    private MqttClient connect(int version, boolean cleanSession) throws MqttException {
        return connect(version, cleanSession, clientId(), null);
    }

    private MqttClient connect(int version, boolean cleanSession, String id, MqttCallback callback)
            throws MqttException {
        MqttClient c = client(id);
        if (callback != null) {
            c.setCallback(callback);
        }
        c.connect(options(version, cleanSession));
        return c;
    }

    private static MqttConnectOptions options(int version, boolean cleanSession) {
        MqttConnectOptions o = new MqttConnectOptions();
        // Paho counts a publish as in flight until its callback thread has run, slightly after publish() returns;
        // against a fast broker its default window of 10 overflows, so give it room (a client-side limit).
        o.setMaxInflight(1000);
        o.setMqttVersion(version);
        o.setCleanSession(cleanSession);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        return o;
    }
}
