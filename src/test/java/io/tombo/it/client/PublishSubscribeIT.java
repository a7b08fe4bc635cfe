package io.tombo.it.client;

import io.tombo.client.MqttClient;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.ReasonCode;
import io.tombo.codec.SubAck;
import io.tombo.codec.Subscription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.tombo.it.client.Inbox.bytes;
import static io.tombo.it.client.Inbox.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Publish and subscribe at each QoS, both directions, against Tombo and mosquitto in every protocol version. */
class PublishSubscribeIT {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tombo.it.client.Matrix#brokersAndVersions")
    void everyQosRoundTripsThroughTheBroker(TestBroker.Kind kind, ProtocolVersion version) throws Exception {
        try (TestBroker broker = TestBroker.start(kind);
             MqttClient sub = MqttClient.connect(broker.options("sub").version(version).build());
             MqttClient pub = MqttClient.connect(broker.options("pub").version(version).build())) {
            Inbox inbox = new Inbox();
            SubAck ack = sub.subscribe(List.of(new Subscription("qos/#", QoS.EXACTLY_ONCE)), inbox)
                    .get(10, TimeUnit.SECONDS);
            assertThat(ack.reasons()).containsExactly(ReasonCode.GRANTED_QOS_2);

            for (QoS qos : QoS.values()) {
                pub.publish("qos/" + qos.value(), bytes("at " + qos), qos, false).get(10, TimeUnit.SECONDS);
                Publish p = inbox.next();
                assertThat(p.topic()).isEqualTo("qos/" + qos.value());
                assertThat(text(p)).isEqualTo("at " + qos);
                assertThat(p.qos()).isEqualTo(qos);
            }
        }
    }
}
