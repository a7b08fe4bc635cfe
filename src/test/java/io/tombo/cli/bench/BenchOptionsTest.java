package io.tombo.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tombo.bench.Scenario;
import io.tombo.bench.Scenario.Kind;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.QoS;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchOptionsTest {
    private static Scenario parse(Kind kind, String... args) throws Exception {
        BenchOptions o = new BenchOptions();
        new CommandLine(o).parseArgs(args);
        return o.scenario(kind);
    }

    @Test
    void fanInDefaultsToTenPublishersOnNumberedTopicsAndOneWildcardSubscriber() throws Exception {
        Scenario s = parse(Kind.FANIN);
        assertThat(s.publishers()).isEqualTo(10);
        assertThat(s.topic().expand(3, "x")).isEqualTo("bench/fanin/3");
        assertThat(s.filter().expand(1, "x")).isEqualTo("bench/fanin/+");
        assertThat(s.qos()).isEqualTo(QoS.AT_MOST_ONCE);
        assertThat(s.payloadSize()).isEqualTo(64);
        assertThat(s.ratePerPublisher()).isZero();
        assertThat(s.target().port()).isEqualTo(1883);
        assertThat(s.target().version()).isEqualTo(ProtocolVersion.MQTT_3_1_1);
        assertThat(s.target().tls()).isNull();
    }

    @Test
    void fanOutDefaultsToOneHundredSubscribersOnOneTopic() throws Exception {
        Scenario s = parse(Kind.FANOUT);
        assertThat(s.subscribers()).isEqualTo(100);
        assertThat(s.filter().expand(7, "x")).isEqualTo("bench/fanout");
    }

    @Test
    void p2pSubscriberIUsesPublisherIsTopic() throws Exception {
        Scenario s = parse(Kind.P2P, "-c", "4", "-t", "lat/%i");
        assertThat(s.topic().expand(2, "a")).isEqualTo("lat/2");
        assertThat(s.filter().expand(2, "b")).isEqualTo("lat/2");
    }

    @Test
    void subTakesItsFilterFromMinusT() throws Exception {
        Scenario s = parse(Kind.SUB, "-t", "sensors/#");
        assertThat(s.filter().pattern()).isEqualTo("sensors/#");
    }

    @Test
    void flagsAsEmqttBenchAndMosquittoPubSpellThem() throws Exception {
        Scenario s = parse(Kind.PUB, "-h", "broker", "-p", "1999", "-V", "mqttv5", "-c", "20", "-q", "1", "-s",
                "1024", "-r", "500", "-w", "16", "-d", "2.5", "--warmup", "0", "-R", "100", "--broker-pid", "42",
                "--client-prefix", "x-", "-u", "user", "-P", "pw", "-k", "0");
        assertThat(s.target().host()).isEqualTo("broker");
        assertThat(s.target().port()).isEqualTo(1999);
        assertThat(s.target().version()).isEqualTo(ProtocolVersion.MQTT_5);
        assertThat(s.target().username()).isEqualTo("user");
        assertThat(s.target().keepAliveSeconds()).isZero();
        assertThat(s.publishers()).isEqualTo(20);
        assertThat(s.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(s.payloadSize()).isEqualTo(1024);
        assertThat(s.ratePerPublisher()).isEqualTo(500);
        assertThat(s.window()).isEqualTo(16);
        assertThat(s.duration()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.warmup()).isZero();
        assertThat(s.connectRate()).isEqualTo(100);
        assertThat(s.brokerPid()).isEqualTo(42);
        assertThat(s.clientIdPrefix()).isEqualTo("x-");
    }

    @Test
    void protocolVersionsAsMosquittoPubNamesThem() {
        assertThat(BenchOptions.version("31")).isEqualTo(ProtocolVersion.MQTT_3_1);
        assertThat(BenchOptions.version("mqttv311")).isEqualTo(ProtocolVersion.MQTT_3_1_1);
        assertThat(BenchOptions.version("5")).isEqualTo(ProtocolVersion.MQTT_5);
        assertThatThrownBy(() -> BenchOptions.version("4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payloadTooSmallForTheStampIsRefused() {
        assertThatThrownBy(() -> parse(Kind.FANIN, "-s", "8")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 20");
    }

    @Test
    void qosAboveTwoAndCertWithoutKeyAreRefused() {
        assertThatThrownBy(() -> parse(Kind.PUB, "-q", "3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse(Kind.PUB, "--cert", "c.pem")).isInstanceOf(IllegalArgumentException.class);
    }
}
