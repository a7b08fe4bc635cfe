package io.tombo.it.interop;

import io.tombo.it.BrokerUnderTest;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Eclipse Paho Java v5 (1.2.5) speaking MQTT 5.0: the MQTT 3 scenarios again, plus the properties and
 * subscription options that only exist in 5.0.
 *
 * <p>Paho v5 does work on its own that the broker must get right: it assigns a Subscription Identifier to every
 * SUBSCRIBE made with a message listener (unless CONNACK says they are unavailable) and routes deliveries to
 * listeners by it, and it replaces topic names with Topic Aliases on its own as soon as CONNACK grants any.
 */
class PahoV5IT {
    private static final long TIMEOUT_MS = 10_000;
    private static final AtomicInteger IDS = new AtomicInteger();

    private static BrokerUnderTest broker;
    private final List<MqttAsyncClient> clients = new ArrayList<>();

    /** A message as the receiving application saw it. */
    record Received(String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }

        MqttProperties properties() {
            return message.getProperties();
        }
    }

    /** Collects every message the client is given, in arrival order. */
    static final class Inbox implements MqttCallback {
        final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();

        Received next() throws InterruptedException {
            Received r = queue.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(r).as("message within %d ms", TIMEOUT_MS).isNotNull();
            return r;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            queue.add(new Received(topic, message));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
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
        for (MqttAsyncClient c : clients) {
            if (c.isConnected()) {
                c.disconnect(0).waitForCompletion(TIMEOUT_MS);
            }
            c.close(true);
        }
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void publishReachesListenerAtRequestedQos(int qos) throws Exception {
        String topic = topic("qos" + qos);
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttAsyncClient sub = connect(new Inbox());
        // The array overload: Paho 1.2.5's single-listener overload throws IndexOutOfBoundsException when the
        // properties carry no Subscription Identifier.
        IMqttMessageListener listener = (t, m) -> inbox.add(new Received(t, m));
        IMqttToken subAck = sub.subscribe(new MqttSubscription[] {new MqttSubscription(topic, qos)}, null, null,
                new IMqttMessageListener[] {listener}, new MqttProperties());
        subAck.waitForCompletion(TIMEOUT_MS);
        assertThat(subAck.getReasonCodes()).containsExactly(qos);

        publish(connect(new Inbox()), topic, message("temperature=23.5", qos));

        Received r = inbox.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertThat(r).as("message routed to the listener").isNotNull();
        assertThat(r.topic()).isEqualTo(topic);
        assertThat(r.text()).isEqualTo("temperature=23.5");
        assertThat(r.message().getQos()).isEqualTo(qos);
        assertThat(r.message().isRetained()).isFalse();
    }

    @Test
    void messagesFromOnePublisherArriveInOrder() throws Exception {
        String topic = topic("order");
        Inbox inbox = new Inbox();
        subscribe(connect(inbox), new MqttSubscription(topic, 2));

        MqttAsyncClient pub = connect(new Inbox());
        for (int i = 0; i < 50; i++) {
            publish(pub, topic, message(Integer.toString(i), 2)); // order holds per topic and QoS [MQTT-4.6.0-6]
        }

        for (int i = 0; i < 50; i++) {
            assertThat(inbox.next().text()).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void retainedMessageIsDeliveredToLaterSubscriber() throws Exception {
        String topic = topic("retained");
        MqttMessage m = message("last known value", 1);
        m.setRetained(true);
        publish(connect(new Inbox()), topic, m);

        Inbox inbox = new Inbox();
        subscribe(connect(inbox), new MqttSubscription(topic, 1));

        Received r = inbox.next();
        assertThat(r.text()).isEqualTo("last known value");
        assertThat(r.message().isRetained()).isTrue();
    }

    @Test
    void willIsPublishedWhenConnectionDropsWithoutDisconnect() throws Exception {
        String topic = topic("will");
        Inbox inbox = new Inbox();
        subscribe(connect(inbox), new MqttSubscription(topic, 1));

        Socket device = RawConnect.withWill(broker.port(), RawConnect.Version.V5, clientId(), topic,
                "device offline".getBytes(StandardCharsets.UTF_8), 1, false);
        device.close();

        Received r = inbox.next();
        assertThat(r.text()).isEqualTo("device offline");
        assertThat(r.message().getQos()).isEqualTo(1);
    }

    @Test
    void sessionWithExpiryIntervalKeepsQos1MessagesWhileOffline() throws Exception {
        String topic = topic("offline");
        String id = clientId();
        MqttAsyncClient first = connect(id, new Inbox(), o -> {
            o.setCleanStart(false);
            o.setSessionExpiryInterval(300L);
        });
        subscribe(first, new MqttSubscription(topic, 1));
        first.disconnect().waitForCompletion(TIMEOUT_MS);

        MqttAsyncClient pub = connect(new Inbox());
        for (int i = 1; i <= 3; i++) {
            publish(pub, topic, message("queued " + i, 1));
        }

        Inbox inbox = new Inbox();
        MqttAsyncClient second = client(id, inbox);
        IMqttToken connAck = second.connect(options(o -> {
            o.setCleanStart(false);
            o.setSessionExpiryInterval(300L);
        }));
        connAck.waitForCompletion(TIMEOUT_MS);
        assertThat(connAck.getSessionPresent()).isTrue(); // [MQTT-3.2.2-3]
        for (int i = 1; i <= 3; i++) {
            assertThat(inbox.next().text()).isEqualTo("queued " + i);
        }
    }

    @Test
    void sessionWithoutExpiryIntervalEndsWithTheConnection() throws Exception {
        String id = clientId();
        MqttAsyncClient first = connect(id, new Inbox(), o -> o.setCleanStart(false));
        subscribe(first, new MqttSubscription(topic("gone"), 1));
        first.disconnect().waitForCompletion(TIMEOUT_MS);

        assertThat(sessionPresentOnResume(id, 0)).isFalse(); // [MQTT-3.1.2-23] absent means 0
    }

    @Test
    void sessionIsDiscardedOnceItsExpiryIntervalHasPassed() throws Exception {
        String id = clientId();
        MqttAsyncClient first = connect(id, new Inbox(), o -> {
            o.setCleanStart(false);
            o.setSessionExpiryInterval(1L);
        });
        subscribe(first, new MqttSubscription(topic("expiring"), 1));
        first.disconnect().waitForCompletion(TIMEOUT_MS);

        // Each probe that still finds the session renews it for another second, so probes are spaced wider.
        await().pollDelay(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(15))
                .until(() -> !sessionPresentOnResume(id, 1));
    }

    @Test
    void userPropertiesPassThroughUnchangedAndInOrder() throws Exception {
        String topic = topic("user-properties");
        Inbox inbox = new Inbox();
        subscribe(connect(inbox), new MqttSubscription(topic, 1));

        List<UserProperty> sent = List.of(new UserProperty("sensor", "bme280"),
                new UserProperty("単位", "℃"), new UserProperty("sensor", "dht11"), new UserProperty("", ""));
        MqttMessage m = message("26.7", 1);
        m.getProperties().setUserProperties(sent);
        publish(connect(new Inbox()), topic, m);

        assertThat(inbox.next().properties().getUserProperties()).containsExactlyElementsOf(sent); // [MQTT-3.3.2-18]
    }

    @Test
    void requestResponsePropertiesPassThroughUnchanged() throws Exception {
        String topic = topic("request");
        Inbox inbox = new Inbox();
        subscribe(connect(inbox), new MqttSubscription(topic, 1));

        byte[] correlation = {0, 1, 2, (byte) 0xFE, (byte) 0xFF};
        MqttMessage m = message("{\"cmd\":\"read\"}", 1);
        m.getProperties().setResponseTopic("replies/応答/1");
        m.getProperties().setCorrelationData(correlation);
        m.getProperties().setContentType("application/json; charset=utf-8");
        m.getProperties().setPayloadFormat(true);
        publish(connect(new Inbox()), topic, m);

        MqttProperties p = inbox.next().properties();
        assertThat(p.getResponseTopic()).isEqualTo("replies/応答/1"); // [MQTT-3.3.2-15]
        assertThat(p.getCorrelationData()).isEqualTo(correlation); // [MQTT-3.3.2-16]
        assertThat(p.getContentType()).isEqualTo("application/json; charset=utf-8"); // [MQTT-3.3.2-20]
        assertThat(p.getPayloadFormat()).isTrue(); // [MQTT-3.3.2-4]
    }

    @Test
    void forwardedMessageCarriesTheRemainingExpiryInterval() throws Exception {
        String topic = topic("expiry");
        Inbox inbox = new Inbox();
        subscribe(connect(inbox), new MqttSubscription(topic, 1));

        MqttMessage m = message("fresh", 1);
        m.getProperties().setMessageExpiryInterval(60L);
        publish(connect(new Inbox()), topic, m);

        assertThat(inbox.next().properties().getMessageExpiryInterval()).isBetween(1L, 60L); // [MQTT-3.3.2-6]
    }

    @Test
    void expiredRetainedMessageIsNotDelivered() throws Exception {
        String topic = topic("expired");
        MqttMessage m = message("stale", 1);
        m.setRetained(true);
        m.getProperties().setMessageExpiryInterval(1L);
        publish(connect(new Inbox()), topic, m);

        await().pollDelay(Duration.ofMillis(1100)).pollInterval(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(10))
                .until(() -> retainedBeforeMarker(topic).isEmpty()); // [MQTT-3.3.2-5]
    }

    @Test
    void subscriptionIdentifierIsReturnedWithEachMatchingMessage() throws Exception {
        String base = topic("sid");
        Inbox inbox = new Inbox();
        MqttAsyncClient sub = connect(inbox, o -> o.setUseSubscriptionIdentifiers(false));
        subscribe(sub, new MqttSubscription(base + "/a", 1), withSubscriptionId(7));
        subscribe(sub, new MqttSubscription(base + "/b", 1), withSubscriptionId(268_435_455));

        MqttAsyncClient pub = connect(new Inbox());
        publish(pub, base + "/a", message("a", 1));
        publish(pub, base + "/b", message("b", 1));

        assertThat(inbox.next().properties().getSubscriptionIdentifiers()).containsExactly(7); // [MQTT-3.3.4-3]
        assertThat(inbox.next().properties().getSubscriptionIdentifiers()).containsExactly(268_435_455);
    }

    @Test
    void noLocalSubscriptionDoesNotReceiveOwnPublications() throws Exception {
        String topic = topic("no-local");
        Inbox own = new Inbox();
        MqttAsyncClient self = connect(own);
        MqttSubscription noLocal = new MqttSubscription(topic, 1);
        noLocal.setNoLocal(true);
        subscribe(self, noLocal);
        subscribe(self, new MqttSubscription(topic + "/marker", 1));
        Inbox other = new Inbox();
        subscribe(connect(other), new MqttSubscription(topic, 1));

        publish(self, topic, message("mine", 1));
        publish(self, topic + "/marker", message("marker", 1));

        assertThat(other.next().text()).isEqualTo("mine");
        assertThat(own.next().text()).isEqualTo("marker"); // [MQTT-3.8.3-3]
    }

    @Test
    void retainHandlingControlsRetainedDeliveryOnSubscribe() throws Exception {
        String topic = topic("retain-handling");
        MqttMessage m = message("kept", 1);
        m.setRetained(true);
        MqttAsyncClient pub = connect(new Inbox());
        publish(pub, topic, m);

        Inbox never = new Inbox();
        MqttAsyncClient neverClient = connect(never);
        subscribe(neverClient, retainHandling(topic, 2));
        subscribe(neverClient, new MqttSubscription(topic + "/marker", 1));
        publish(pub, topic + "/marker", message("marker", 1));
        assertThat(never.next().text()).isEqualTo("marker"); // [MQTT-3.3.1-11] handling 2: none

        Inbox onlyNew = new Inbox();
        MqttAsyncClient onlyNewClient = connect(onlyNew);
        subscribe(onlyNewClient, retainHandling(topic, 1));
        assertThat(onlyNew.next().text()).isEqualTo("kept");
        subscribe(onlyNewClient, retainHandling(topic, 1));
        subscribe(onlyNewClient, new MqttSubscription(topic + "/marker", 1));
        publish(pub, topic + "/marker", message("marker", 1));
        assertThat(onlyNew.next().text()).isEqualTo("marker"); // [MQTT-3.3.1-10] handling 1: only if new
    }

    @Test
    void retainAsPublishedKeepsTheRetainFlagOnLiveMessages() throws Exception {
        String topic = topic("rap");
        Inbox asPublished = new Inbox();
        MqttSubscription rap = new MqttSubscription(topic, 1);
        rap.setRetainAsPublished(true);
        subscribe(connect(asPublished), rap);
        Inbox plain = new Inbox();
        subscribe(connect(plain), new MqttSubscription(topic, 1));

        MqttMessage m = message("live and retained", 1);
        m.setRetained(true);
        publish(connect(new Inbox()), topic, m);

        assertThat(asPublished.next().message().isRetained()).isTrue(); // [MQTT-3.3.1-13]
        assertThat(plain.next().message().isRetained()).isFalse(); // [MQTT-3.3.1-12]
    }

    @Test
    void sharedSubscriptionSplitsMessagesBetweenMembers() throws Exception {
        String topic = topic("shared");
        Inbox first = new Inbox();
        Inbox second = new Inbox();
        subscribe(connect(first), new MqttSubscription("$share/g/" + topic, 1));
        subscribe(connect(second), new MqttSubscription("$share/g/" + topic, 1));

        MqttAsyncClient pub = connect(new Inbox());
        for (int i = 0; i < 20; i++) {
            publish(pub, topic, message(Integer.toString(i), 1));
        }

        Set<String> seen = new HashSet<>();
        List<String> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain(first, seen, all, "first");
            drain(second, seen, all, "second");
            return all.size() >= 20;
        });
        assertThat(all).hasSize(20).doesNotHaveDuplicates();
        assertThat(seen).containsExactlyInAnyOrder("first", "second"); // each member got a share
        assertThat(all).allSatisfy(s -> assertThat(s).doesNotStartWith("$share"));
    }

    @Test
    void topicAliasesInBothDirectionsResolveToTheFullTopic() throws Exception {
        String topic = topic("a-rather-long-topic-name/that/clients/alias/to/save/bytes/on/every/publish");
        Inbox inbox = new Inbox();
        subscribe(connect(inbox, o -> o.setTopicAliasMaximum(10)), new MqttSubscription(topic, 1));

        MqttAsyncClient pub = connect(new Inbox(), o -> o.setTopicAliasMaximum(10));
        for (int i = 0; i < 5; i++) {
            publish(pub, topic, message("reading " + i, 1));
        }

        for (int i = 0; i < 5; i++) {
            Received r = inbox.next();
            assertThat(r.topic()).isEqualTo(topic);
            assertThat(r.text()).isEqualTo("reading " + i);
        }
    }

    @Test
    void oneMebibytePayloadArrivesIntact() throws Exception {
        String topic = topic("large");
        byte[] payload = new byte[1 << 20];
        new Random(5).nextBytes(payload);
        Inbox inbox = new Inbox();
        subscribe(connect(inbox), new MqttSubscription(topic, 1));

        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        publish(connect(new Inbox()), topic, m);

        assertThat(inbox.next().message().getPayload()).isEqualTo(payload);
    }

    @Test
    void utf8TopicAndPayloadArriveUnchanged() throws Exception {
        String topic = topic("センサー/온도/温度");
        String text = "こんにちは、世界 / 안녕하세요 / 你好，世界 23.5℃";
        Inbox inbox = new Inbox();
        subscribe(connect(inbox), new MqttSubscription(topic, 1));

        publish(connect(new Inbox()), topic, message(text, 1));

        Received r = inbox.next();
        assertThat(r.topic()).isEqualTo(topic);
        assertThat(r.text()).isEqualTo(text);
    }

    private static void drain(Inbox inbox, Set<String> seen, List<String> all, String name) {
        Received r;
        while ((r = inbox.queue.poll()) != null) {
            seen.add(name);
            all.add(r.text());
        }
    }

    /** The retained messages a brand-new subscriber to {@code topic} is sent (they precede any later publish). */
    private List<String> retainedBeforeMarker(String topic) throws Exception {
        Inbox inbox = new Inbox();
        MqttAsyncClient probe = connect(inbox);
        subscribe(probe, new MqttSubscription(topic, 1));
        subscribe(probe, new MqttSubscription(topic + "/marker", 1));
        publish(probe, topic + "/marker", message("marker", 1));
        List<String> retained = new ArrayList<>();
        for (Received r = inbox.next(); !r.text().equals("marker"); r = inbox.next()) {
            retained.add(r.text());
        }
        return retained;
    }

    /** Resumes {@code id}'s session with Clean Start 0 and reports whether the broker still had it. */
    private boolean sessionPresentOnResume(String id, long expiry) throws MqttException {
        MqttAsyncClient c = client(id, new Inbox());
        IMqttToken connAck = c.connect(options(o -> {
            o.setCleanStart(false);
            o.setSessionExpiryInterval(expiry);
        }));
        connAck.waitForCompletion(TIMEOUT_MS);
        c.disconnect().waitForCompletion(TIMEOUT_MS);
        return connAck.getSessionPresent();
    }

    private static MqttSubscription retainHandling(String topic, int handling) {
        MqttSubscription s = new MqttSubscription(topic, 1);
        s.setRetainHandling(handling);
        return s;
    }

    private static MqttProperties withSubscriptionId(int id) {
        MqttProperties p = new MqttProperties();
        p.setSubscriptionIdentifier(id);
        return p;
    }

    private static MqttMessage message(String text, int qos) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        m.setProperties(new MqttProperties());
        return m;
    }

    private static void publish(MqttAsyncClient c, String topic, MqttMessage m) throws MqttException {
        c.publish(topic, m).waitForCompletion(TIMEOUT_MS);
    }

    private static void subscribe(MqttAsyncClient c, MqttSubscription s) throws MqttException {
        subscribe(c, s, new MqttProperties());
    }

    private static void subscribe(MqttAsyncClient c, MqttSubscription s, MqttProperties properties)
            throws MqttException {
        int qos = s.getQos();
        IMqttToken token = c.subscribe(new MqttSubscription[] {s}, null, null, properties);
        token.waitForCompletion(TIMEOUT_MS);
        assertThat(token.getReasonCodes()).as("SUBACK for %s", s.getTopic()).containsExactly(qos);
    }

    private static String topic(String leaf) {
        return "paho5/" + IDS.incrementAndGet() + "/" + leaf;
    }

    private static String clientId() {
        return "paho5-" + IDS.incrementAndGet();
    }

    private MqttAsyncClient client(String id, Inbox inbox) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(broker.uri(), id, new MemoryPersistence());
        c.setCallback(inbox);
        clients.add(c);
        return c;
    }

    private MqttAsyncClient connect(Inbox inbox) throws MqttException {
        return connect(clientId(), inbox, o -> { });
    }

    private MqttAsyncClient connect(Inbox inbox, Consumer<MqttConnectionOptions> tweak) throws MqttException {
        return connect(clientId(), inbox, tweak);
    }

    private MqttAsyncClient connect(String id, Inbox inbox, Consumer<MqttConnectionOptions> tweak)
            throws MqttException {
        MqttAsyncClient c = client(id, inbox);
        c.connect(options(tweak)).waitForCompletion(TIMEOUT_MS);
        return c;
    }

    private static MqttConnectionOptions options(Consumer<MqttConnectionOptions> tweak) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        tweak.accept(o);
        return o;
    }
}
