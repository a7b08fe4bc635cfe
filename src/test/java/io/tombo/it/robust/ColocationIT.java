package io.tombo.it.robust;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.tombo.broker.Colocation;
import io.tombo.client.OpenSsl;
import io.tombo.config.ConfigParser;
import io.tombo.it.BrokerUnderTest;
import io.tombo.listener.MqttServer;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections moving between event loops ({@code colocate_publishers}) under traffic, with a policy that moves at
 * every chance: a publisher alternates between a subscriber on each of the broker's two loops, twenty messages at a
 * time, so its connection moves over and back dozens of times while it publishes. Every subscriber must get its
 * messages complete, once, and in publish order [MQTT-4.6.0-6], over plain TCP, TLS and WebSockets, at each QoS,
 * from the HiveMQ client (MQTT 3.1.1 and 5.0) and Paho; a client taken over mid-move must leave the broker sound.
 */
class ColocationIT {
    /** Moves whenever most of eight deliveries went to one other loop, whatever the load, with no pause. */
    private static final Colocation EAGER = new Colocation(8, 0.75, Double.MAX_VALUE, 2, 2, 0);
    private static final int RUN = 20;
    private static final int MESSAGES = 600;
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    static Path dir;
    private static MqttServer server;
    private static int tcpPort;
    private static int tlsPort;
    private static int wsPort;
    private static TrustManagerFactory trust;
    private final List<Runnable> disconnects = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        OpenSsl pki = OpenSsl.ca(dir);
        pki.leaf("server", OpenSsl.KeyForm.RSA_PKCS8, "DNS:localhost,IP:127.0.0.1");
        tcpPort = BrokerUnderTest.freePort();
        tlsPort = BrokerUnderTest.freePort();
        wsPort = BrokerUnderTest.freePort();
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, "allow_anonymous true\nmax_queued_messages 0\n"
                + "listener " + tcpPort + " 127.0.0.1\n"
                + "listener " + tlsPort + " 127.0.0.1\ncertfile " + dir.resolve("server.pem") + "\nkeyfile "
                + dir.resolve("server.key") + "\n"
                + "listener " + wsPort + " 127.0.0.1\nprotocol websockets\n");
        server = MqttServer.start(ConfigParser.parse(conf), 2, EAGER);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", io.tombo.security.Pem.certificates(pki.caCert()).getFirst());
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void disconnect() {
        disconnects.forEach(Runnable::run);
    }

    enum Transport { TCP, TLS, WEBSOCKET }

    @ParameterizedTest(name = "{0}, QoS {1}, MQTT {2}")
    @CsvSource({
        "TCP, 0, 5", "TCP, 1, 5", "TCP, 2, 5", "TCP, 1, 3", "TCP, 2, 3",
        "TLS, 0, 5", "TLS, 1, 5", "TLS, 2, 3",
        "WEBSOCKET, 0, 3", "WEBSOCKET, 1, 5", "WEBSOCKET, 2, 5"})
    void messagesStayCompleteAndInOrderWhileThePublisherMovesBackAndForth(Transport transport, int qos, int version)
            throws Exception {
        Inbox a = subscribe(Transport.TCP, "a/#");
        Inbox b = subscribe(Transport.TCP, "b/#"); // connected one after the other: one on each event loop
        long movesBefore = moves();
        MqttQos q = MqttQos.fromCode(qos);
        String id = id();
        if (version == 5) {
            Mqtt5BlockingClient pub = builder(transport, id).useMqttVersion5().buildBlocking();
            pub.connect();
            disconnects.add(pub::disconnect);
            for (int i = 0; i < MESSAGES; i++) {
                pub.publishWith().topic(topicOf(i)).qos(q).payload(payload(i)).send();
            }
        } else {
            Mqtt3BlockingClient pub = builder(transport, id).useMqttVersion3().buildBlocking();
            pub.connect();
            disconnects.add(pub::disconnect);
            for (int i = 0; i < MESSAGES; i++) {
                pub.publishWith().topic(topicOf(i)).qos(q).payload(payload(i)).send();
            }
        }

        a.awaitCount(MESSAGES / 2);
        b.awaitCount(MESSAGES / 2);
        assertThat(a.received()).as("a/# in publish order, each once").containsExactlyElementsOf(expected("a"));
        assertThat(b.received()).as("b/# in publish order, each once").containsExactlyElementsOf(expected("b"));
        // how often depends on timing (a QoS 0 burst may outrun the moves); over and back at least once
        assertThat(moves() - movesBefore).as("moves of the publisher's connection").isGreaterThanOrEqualTo(2);
    }

    @Test
    void pahoPublisherMovesAndItsMessagesStayInOrder() throws Exception {
        Inbox a = subscribe(Transport.TCP, "a/#");
        Inbox b = subscribe(Transport.TCP, "b/#");
        long movesBefore = moves();
        var pub = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:" + tcpPort, id(),
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setMaxInflight(1000); // Paho frees a slot after the token completes: a sync loop can outrun 10
        pub.connect(options);
        disconnects.add(() -> {
            try {
                pub.disconnect();
                pub.close();
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < MESSAGES; i++) {
            pub.publish(topicOf(i), payload(i), 1, false);
        }

        a.awaitCount(MESSAGES / 2);
        b.awaitCount(MESSAGES / 2);
        assertThat(a.received()).containsExactlyElementsOf(expected("a"));
        assertThat(b.received()).containsExactlyElementsOf(expected("b"));
        assertThat(moves() - movesBefore).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aClientThatSubscribesDoesNotMove() throws Exception {
        Inbox a = subscribe(Transport.TCP, "a/#");
        Inbox b = subscribe(Transport.TCP, "b/#");
        Mqtt5BlockingClient pub = builder(Transport.TCP, id()).useMqttVersion5().buildBlocking();
        pub.connect();
        disconnects.add(pub::disconnect);
        pub.subscribeWith().topicFilter("replies/" + id()).send(); // something may be on its way to it
        long movesBefore = moves();
        for (int i = 0; i < MESSAGES; i++) {
            pub.publishWith().topic(topicOf(i)).qos(MqttQos.AT_LEAST_ONCE).payload(payload(i)).send();
        }

        a.awaitCount(MESSAGES / 2);
        b.awaitCount(MESSAGES / 2);
        assertThat(moves() - movesBefore).isZero();
    }

    /** A second connection with the publisher's client id takes the session over while the first keeps moving. */
    @Test
    void takeOversWhileMovingLeaveTheBrokerSound() throws Exception {
        Inbox a = subscribe(Transport.TCP, "a/#");
        Inbox b = subscribe(Transport.TCP, "b/#");
        String id = id();
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Void>> publishers = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            Mqtt5BlockingClient pub = builder(Transport.TCP, id).useMqttVersion5().buildBlocking();
            pub.connect(); // takes over the previous round's connection, which may be moving
            publishers.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; !stop.get() && i < MESSAGES; i++) {
                        pub.publishWith().topic(topicOf(i)).qos(MqttQos.AT_LEAST_ONCE).payload(payload(i)).send();
                    }
                } catch (RuntimeException taken) {
                    // the next round took the session over: this client is disconnected
                }
            }));
            await().atMost(Duration.ofSeconds(10)).until(() -> a.count() + b.count() >= 8);
            a.clear();
            b.clear();
        }
        stop.set(true);
        CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get();

        Mqtt5BlockingClient last = builder(Transport.TCP, id).useMqttVersion5().buildBlocking();
        last.connect();
        disconnects.add(last::disconnect);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            a.clear();
            b.clear();
            last.publishWith().topic("a/last").qos(MqttQos.AT_LEAST_ONCE).payload(payload(-1)).send();
            last.publishWith().topic("b/last").qos(MqttQos.AT_LEAST_ONCE).payload(payload(-1)).send();
            return a.received().contains(-1) && b.received().contains(-1);
        });
    }

    /** The default policy: a request-paced publisher to one subscriber on the other loop moves there. */
    @ParameterizedTest(name = "colocate_publishers {0}")
    @CsvSource({"true, 1", "false, 0"})
    void byDefaultALowRatePublisherMovesToItsSubscribersLoop(boolean colocate, int expectedMoves) throws Exception {
        Path conf = dir.resolve("default-" + colocate + ".conf");
        int port = BrokerUnderTest.freePort();
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\ncolocate_publishers "
                + colocate + "\n");
        try (MqttServer defaults = MqttServer.start(ConfigParser.parse(conf), 2)) {
            Mqtt5BlockingClient sub = MqttClient.builder().identifier(id()).serverHost("127.0.0.1").serverPort(port)
                    .useMqttVersion5().buildBlocking();
            sub.connect();
            Inbox inbox = new Inbox();
            sub.toAsync().publishes(MqttGlobalPublishFilter.ALL, inbox::add);
            sub.subscribeWith().topicFilter("sensors/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = MqttClient.builder().identifier(id()).serverHost("127.0.0.1").serverPort(port)
                    .useMqttVersion5().buildBlocking();
            pub.connect(); // the next connection: the other event loop
            for (int i = 0; i < 200; i++) { // each waits for its PUBACK: a few thousand a second at most
                pub.publishWith().topic("sensors/t").qos(MqttQos.AT_LEAST_ONCE).payload(payload(i)).send();
            }

            inbox.awaitCount(200);
            assertThat(inbox.received()).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).boxed()
                    .toList());
            assertThat(defaults.broker().counters().connectionsMoved()).isEqualTo(expectedMoves);
            pub.disconnect();
            sub.disconnect();
        }
    }

    private static String topicOf(int i) {
        return ((i / RUN) % 2 == 0 ? "a" : "b") + "/t";
    }

    private static List<Integer> expected(String prefix) {
        List<Integer> seqs = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            if (topicOf(i).startsWith(prefix)) {
                seqs.add(i);
            }
        }
        return seqs;
    }

    private static byte[] payload(int i) {
        return Integer.toString(i).getBytes(StandardCharsets.UTF_8);
    }

    private static long moves() {
        return server.broker().counters().connectionsMoved();
    }

    private static String id() {
        return "colocation-" + IDS.incrementAndGet();
    }

    private static MqttClientBuilder builder(Transport transport, String id) {
        MqttClientBuilder b = MqttClient.builder().identifier(id).serverHost("127.0.0.1");
        return switch (transport) {
            case TCP -> b.serverPort(tcpPort);
            case TLS -> b.serverPort(tlsPort).sslConfig().trustManagerFactory(trust).applySslConfig();
            case WEBSOCKET -> b.serverPort(wsPort).webSocketConfig().serverPath("mqtt").applyWebSocketConfig();
        };
    }

    private Inbox subscribe(Transport transport, String filter) {
        Mqtt5BlockingClient sub = builder(transport, id()).useMqttVersion5().buildBlocking();
        sub.connect();
        Inbox inbox = new Inbox();
        sub.toAsync().publishes(MqttGlobalPublishFilter.ALL, inbox::add);
        sub.subscribeWith().topicFilter(filter).qos(MqttQos.EXACTLY_ONCE).send();
        disconnects.add(sub::disconnect);
        return inbox;
    }

    /** The sequence numbers a subscriber received, in arrival order. */
    private static final class Inbox {
        private final List<Integer> seqs = new CopyOnWriteArrayList<>();

        void add(Mqtt5Publish p) {
            seqs.add(Integer.parseInt(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        }

        int count() {
            return seqs.size();
        }

        List<Integer> received() {
            return List.copyOf(seqs);
        }

        void clear() {
            seqs.clear();
        }

        void awaitCount(int n) {
            await().atMost(Duration.ofSeconds(30)).until(() -> seqs.size() >= n);
        }
    }
}
