package io.tombo.it.client;

import io.tombo.client.MqttClient;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.Subscription;
import io.tombo.codec.UserProperty;
import io.tombo.codec.Will;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.tombo.it.client.Inbox.bytes;
import static io.tombo.it.client.Inbox.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Retained messages, wills, 5.0 properties and handler routing, against Tombo and mosquitto. */
class MessagesIT {
    private static final long T = 10;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tombo.it.client.Matrix#brokersAndModernVersions")
    void retainedMessageReachesALaterSubscriberAndIsClearedByAnEmptyOne(TestBroker.Kind kind, ProtocolVersion version)
            throws Exception {
        try (TestBroker broker = TestBroker.start(kind);
             MqttClient pub = MqttClient.connect(broker.options("pub").version(version).build())) {
            pub.publish("status/door", bytes("open"), QoS.AT_LEAST_ONCE, true).get(T, TimeUnit.SECONDS);
            try (MqttClient sub = MqttClient.connect(broker.options("sub").version(version).build())) {
                Inbox inbox = new Inbox();
                sub.subscribe(List.of(new Subscription("status/#", QoS.AT_LEAST_ONCE)), inbox).get(T, TimeUnit.SECONDS);
                Publish p = inbox.next();
                assertThat(p.retain()).isTrue();
                assertThat(text(p)).isEqualTo("open");
            }
            pub.publish("status/door", new byte[0], QoS.AT_LEAST_ONCE, true).get(T, TimeUnit.SECONDS);
            try (MqttClient late = MqttClient.connect(broker.options("late").version(version).build())) {
                Inbox inbox = new Inbox();
                late.subscribe(List.of(new Subscription("status/#", QoS.AT_LEAST_ONCE)), inbox).get(T, TimeUnit.SECONDS);
                late.publish("status/marker", bytes("m"), QoS.AT_LEAST_ONCE, false).get(T, TimeUnit.SECONDS);
                assertThat(text(inbox.next())).isEqualTo("m"); // the cleared retained message did not come first
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tombo.it.client.Matrix#brokersAndVersions")
    void willIsPublishedOnDisconnectWithWillIn5AndNeverAfterANormalDisconnect(TestBroker.Kind kind, ProtocolVersion version)
            throws Exception {
        try (TestBroker broker = TestBroker.start(kind);
             MqttClient watcher = MqttClient.connect(broker.options("watcher").version(version).build())) {
            Inbox inbox = new Inbox();
            watcher.subscribe(List.of(new Subscription("wills/#", QoS.AT_LEAST_ONCE)), inbox).get(T, TimeUnit.SECONDS);

            Will will = new Will("wills/dropped", bytes("gone"), QoS.AT_LEAST_ONCE, false, Properties.EMPTY);
            MqttClient dropped = MqttClient.connect(broker.options("dropped").version(version).will(will).build());
            MqttClient polite = MqttClient.connect(broker.options("polite").version(version)
                    .will(new Will("wills/polite", bytes("never"), QoS.AT_LEAST_ONCE, false, Properties.EMPTY))
                    .build());
            polite.disconnect();
            // a 5.0 DISCONNECT 0x04 asks for the will; the connection itself goes away like a crash
            dropped.disconnect(new io.tombo.codec.Disconnect(
                    version.isV5() ? io.tombo.codec.ReasonCode.DISCONNECT_WITH_WILL_MESSAGE
                            : io.tombo.codec.ReasonCode.SUCCESS, Properties.EMPTY));
            if (version.isV5()) {
                Publish p = inbox.next();
                assertThat(p.topic()).isEqualTo("wills/dropped");
                assertThat(text(p)).isEqualTo("gone");
            }
            inbox.expectNothingFor(Duration.ofMillis(300));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tombo.it.client.Matrix#brokers")
    void propertiesOfA5PublishArriveIntact(TestBroker.Kind kind) throws Exception {
        try (TestBroker broker = TestBroker.start(kind);
             MqttClient sub = MqttClient.connect(broker.options("sub").version(ProtocolVersion.MQTT_5).build());
             MqttClient pub = MqttClient.connect(broker.options("pub").version(ProtocolVersion.MQTT_5).build())) {
            Inbox inbox = new Inbox();
            Properties subProps = Properties.builder().put(Property.SUBSCRIPTION_IDENTIFIER, 42).build();
            sub.subscribe(List.of(new Subscription("props/#", QoS.EXACTLY_ONCE)), subProps, inbox)
                    .get(T, TimeUnit.SECONDS);
            Properties sent = Properties.builder()
                    .put(Property.PAYLOAD_FORMAT_INDICATOR, 1)
                    .put(Property.MESSAGE_EXPIRY_INTERVAL, 3600L)
                    .put(Property.CONTENT_TYPE, "application/json")
                    .put(Property.RESPONSE_TOPIC, "props/reply")
                    .put(Property.CORRELATION_DATA, new byte[] {1, 2, 3})
                    .userProperty("unit", "°C")
                    .userProperty("unit", "K")
                    .build();
            pub.publish(new Publish("props/t", QoS.EXACTLY_ONCE, false, false, 0, sent, bytes("{\"t\":21.5}")))
                    .get(T, TimeUnit.SECONDS);
            Publish p = inbox.next();
            Properties got = p.properties();
            assertThat(got.integer(Property.PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1);
            assertThat(got.fourByte(Property.MESSAGE_EXPIRY_INTERVAL)).isBetween(3590L, 3600L);
            assertThat(got.string(Property.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(got.string(Property.RESPONSE_TOPIC)).isEqualTo("props/reply");
            assertThat(got.binary(Property.CORRELATION_DATA)).containsExactly(1, 2, 3);
            assertThat(got.userProperties()).containsExactly(new UserProperty("unit", "°C"), new UserProperty("unit", "K"));
            assertThat(got.subscriptionIdentifiers()).containsExactly(42);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tombo.it.client.Matrix#brokers")
    void messagesGoToTheHandlerOfTheMatchingFilterAndTheRestToTheDefault(TestBroker.Kind kind) throws Exception {
        try (TestBroker broker = TestBroker.start(kind);
             MqttClient sub = MqttClient.connect(broker.options("sub").version(ProtocolVersion.MQTT_5).build());
             MqttClient pub = MqttClient.connect(broker.options("pub").build())) {
            Inbox temperatures = new Inbox();
            Inbox shared = new Inbox();
            Inbox fallback = new Inbox();
            sub.defaultHandler(fallback);
            sub.subscribe(List.of(new Subscription("home/+/temperature", QoS.AT_LEAST_ONCE)), temperatures)
                    .get(T, TimeUnit.SECONDS);
            // a shared subscription's messages arrive on the plain topic
            sub.subscribe(List.of(new Subscription("$share/g/jobs/#", QoS.AT_LEAST_ONCE)), shared)
                    .get(T, TimeUnit.SECONDS);
            sub.subscribe(List.of(new Subscription("other/#", QoS.AT_LEAST_ONCE)), null).get(T, TimeUnit.SECONDS);

            pub.publish("home/kitchen/temperature", bytes("21"), QoS.AT_LEAST_ONCE, false).get(T, TimeUnit.SECONDS);
            pub.publish("jobs/1", bytes("job"), QoS.AT_LEAST_ONCE, false).get(T, TimeUnit.SECONDS);
            pub.publish("other/x", bytes("x"), QoS.AT_LEAST_ONCE, false).get(T, TimeUnit.SECONDS);

            assertThat(temperatures.next().topic()).isEqualTo("home/kitchen/temperature");
            assertThat(shared.next().topic()).isEqualTo("jobs/1");
            assertThat(fallback.next().topic()).isEqualTo("other/x");

            sub.unsubscribe(List.of("home/+/temperature")).get(T, TimeUnit.SECONDS);
            pub.publish("home/hall/temperature", bytes("19"), QoS.AT_LEAST_ONCE, false).get(T, TimeUnit.SECONDS);
            pub.publish("other/marker", bytes("m"), QoS.AT_LEAST_ONCE, false).get(T, TimeUnit.SECONDS);
            assertThat(fallback.next().topic()).isEqualTo("other/marker");
            assertThat(temperatures.size()).isZero();
        }
    }
}
