package io.tombo.it.interop;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HiveMQ MQTT client (1.4.2), a Netty-based client that validates the broker's packets strictly: it closes
 * the connection on anything malformed, such as a property that is not allowed in that packet, so merely getting
 * through these tests says the broker's encoding is clean. Both its MQTT 3 and MQTT 5 flavours are used, through
 * the blocking and the asynchronous API.
 */
class HiveMqClientIT {
    private static final long TIMEOUT_MS = 10_000;
    private static final AtomicInteger IDS = new AtomicInteger();

    private static BrokerUnderTest broker;
    private final List<Runnable> disconnects = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = BrokerUnderTest.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void disconnectClients() {
        disconnects.forEach(Runnable::run);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MqttQos.class)
    void mqtt3PublishReachesSubscriberAtRequestedQos(MqttQos qos) throws Exception {
        String topic = topic("v3-" + qos.getCode());
        Mqtt3BlockingClient sub = mqtt3();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(sub.subscribeWith().topicFilter(topic).qos(qos).send().getReturnCodes())
                    .extracting(c -> c.getCode()).containsExactly(qos.getCode());

            mqtt3().publishWith().topic(topic).qos(qos).payload(utf8("23.5")).send();

            Mqtt3Publish p = publishes.receive(TIMEOUT_MS, TimeUnit.MILLISECONDS).orElseThrow();
            assertThat(p.getTopic().toString()).isEqualTo(topic);
            assertThat(p.getQos()).isEqualTo(qos);
            assertThat(p.isRetain()).isFalse();
            assertThat(p.getPayloadAsBytes()).isEqualTo(utf8("23.5"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MqttQos.class)
    void mqtt5PublishReachesSubscriberAtRequestedQos(MqttQos qos) throws Exception {
        String topic = topic("v5-" + qos.getCode());
        Mqtt5BlockingClient sub = mqtt5();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(sub.subscribeWith().topicFilter(topic).qos(qos).send().getReasonCodes())
                    .containsExactly(Mqtt5SubAckReasonCode.values()[qos.getCode()]);

            mqtt5().publishWith().topic(topic).qos(qos).payload(utf8("23.5")).send();

            Mqtt5Publish p = publishes.receive(TIMEOUT_MS, TimeUnit.MILLISECONDS).orElseThrow();
            assertThat(p.getTopic().toString()).isEqualTo(topic);
            assertThat(p.getQos()).isEqualTo(qos);
            assertThat(p.getPayloadAsBytes()).isEqualTo(utf8("23.5"));
        }
    }

    @Test
    void mqtt3MessagesArriveInPublishOrder() throws Exception {
        String topic = topic("v3-order");
        Mqtt3BlockingClient sub = mqtt3();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            Mqtt3BlockingClient pub = mqtt3();
            // Order is promised per topic and QoS [MQTT-4.6.0-6], so all at QoS 2.
            for (int i = 0; i < 100; i++) {
                pub.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE).payload(utf8(Integer.toString(i))).send();
            }

            for (int i = 0; i < 100; i++) {
                Mqtt3Publish p = publishes.receive(TIMEOUT_MS, TimeUnit.MILLISECONDS).orElseThrow();
                assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(i));
            }
        }
    }

    @Test
    void mqtt5AsyncClientReceivesInPublishOrder() throws Exception {
        String topic = topic("v5-async-order");
        Mqtt5AsyncClient sub = mqtt5().toAsync();
        BlockingQueue<Mqtt5Publish> inbox = new LinkedBlockingQueue<>();
        sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).callback(inbox::add).send()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);

        Mqtt5AsyncClient pub = mqtt5().toAsync();
        var sent = new ArrayList<java.util.concurrent.CompletableFuture<?>>();
        for (int i = 0; i < 100; i++) {
            sent.add(pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(utf8(Integer.toString(i)))
                    .send());
        }
        java.util.concurrent.CompletableFuture.allOf(sent.toArray(java.util.concurrent.CompletableFuture[]::new))
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);

        for (int i = 0; i < 100; i++) {
            Mqtt5Publish p = inbox.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(p).isNotNull();
            assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void mqtt5UserPropertiesContentTypeAndPayloadFormatPassThrough() throws Exception {
        String topic = topic("v5-properties");
        Mqtt5BlockingClient sub = mqtt5();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();

            mqtt5().publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(utf8("{\"temperature\": 26.7}"))
                    .contentType("application/json")
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                    .userProperties().add("sensor", "bme280").add("場所", "栃木").add("sensor", "dht11")
                    .applyUserProperties()
                    .send();

            Mqtt5Publish p = publishes.receive(TIMEOUT_MS, TimeUnit.MILLISECONDS).orElseThrow();
            assertThat(p.getContentType()).hasValueSatisfying(c -> assertThat(c.toString())
                    .isEqualTo("application/json"));
            assertThat(p.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
            assertThat(p.getUserProperties().asList())
                    .extracting(u -> u.getName() + "=" + u.getValue())
                    .containsExactly("sensor=bme280", "場所=栃木", "sensor=dht11"); // [MQTT-3.3.2-18]
        }
    }

    @Test
    void mqtt3AndMqtt5ClientsExchangeRetainedMessages() throws Exception {
        String topic = topic("cross-retained");
        mqtt5().publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("from v5"))
                .userProperties().add("dropped", "for v3").applyUserProperties().send();

        Mqtt3BlockingClient sub = mqtt3();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt3Publish p = publishes.receive(TIMEOUT_MS, TimeUnit.MILLISECONDS).orElseThrow();
            assertThat(p.isRetain()).isTrue();
            assertThat(p.getPayloadAsBytes()).isEqualTo(utf8("from v5"));
        }
    }

    private Mqtt3BlockingClient mqtt3() {
        Mqtt3BlockingClient c = MqttClient.builder().useMqttVersion3().identifier(clientId())
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        assertThat(c.connect().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        disconnects.add(c::disconnect);
        return c;
    }

    private Mqtt5BlockingClient mqtt5() {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(clientId())
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        assertThat(c.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        disconnects.add(c::disconnect);
        return c;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String topic(String leaf) {
        return "hivemq/" + IDS.incrementAndGet() + "/" + leaf;
    }

    private static String clientId() {
        return "hivemq-" + IDS.incrementAndGet();
    }
}
