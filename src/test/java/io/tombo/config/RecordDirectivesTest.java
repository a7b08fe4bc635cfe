package io.tombo.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordDirectivesTest {

    private static RecorderConfig parse(String text) throws ConfigException {
        return ConfigParser.parse(text, "t.conf").recorder();
    }

    @Test
    void tutorialRuleHasTheDefaults() throws ConfigException {
        RecorderConfig c = parse("record raspi/bme\n");
        RecordRule r = c.rules().getFirst();
        assertThat(r.name()).isEqualTo("raspi_bme");
        assertThat(r.filter()).isEqualTo("raspi/bme");
        assertThat(r.source()).isEqualTo("t.conf:1");
        assertThat(r.format()).isEqualTo(RecordRule.Format.JSON);
        assertThat(r.fields()).isEmpty();
        assertThat(r.time()).isEqualTo(RecordRule.Time.DEFAULT);
        assertThat(r.sinks()).containsExactly("embedded");
        assertThat(r.qos()).isEqualTo(1);
        assertThat(c.retention()).isEqualTo(RecorderConfig.Retention.DEFAULT);
        assertThat(c.http()).isNull();
        assertThat(c.directory(null)).isEqualTo(Path.of(""));
        assertThat(c.directory(Path.of("/var/lib/tombo"))).isEqualTo(Path.of("/var/lib/tombo"));
    }

    @Test
    void everyRuleDirectiveConfiguresTheBlockAboveIt() throws ConfigException {
        RecorderConfig c = parse("""
                record_retention 7d 90d 2y
                record_location /tmp/rec
                http_listener 8080
                sink ambient mariadb jdbc:mariadb://127.0.0.1/telemetry
                record sensors/+/temperature
                record_format number
                record_time arrival
                record_sink embedded ambient
                record_qos 2
                record_retention 1d
                record raspi/# bme
                record_fields temperature, humidity,pressure
                record_time ts
                """);
        assertThat(c.rules()).extracting(RecordRule::name).containsExactly("sensors_temperature", "bme");
        RecordRule first = c.rules().get(0);
        assertThat(first.format()).isEqualTo(RecordRule.Format.NUMBER);
        assertThat(first.time()).isEqualTo(RecordRule.Time.ARRIVAL);
        assertThat(first.sinks()).containsExactly("embedded", "ambient");
        assertThat(first.qos()).isEqualTo(2);
        assertThat(first.retention()).isEqualTo(Duration.ofDays(1));
        RecordRule second = c.rules().get(1);
        assertThat(second.fields()).containsExactly("temperature", "humidity", "pressure");
        assertThat(second.time()).isEqualTo(new RecordRule.Time("ts", true));
        assertThat(second.retention()).isNull();
        assertThat(c.retention()).isEqualTo(new RecorderConfig.Retention(Duration.ofDays(7), Duration.ofDays(90),
                Duration.ofDays(730)));
        assertThat(c.location()).isEqualTo(Path.of("/tmp/rec"));
        assertThat(c.http()).isEqualTo(new RecorderConfig.HttpListener(8080, "127.0.0.1", "t.conf:3"));
    }

    @Test
    void numberRulesDefaultToArrivalTime() throws ConfigException {
        assertThat(parse("record a/b\nrecord_format number\n").rules().getFirst().time())
                .isEqualTo(RecordRule.Time.ARRIVAL);
    }

    @Test
    void defaultNamesComeFromTheFilter() {
        assertThat(DraftRecorder.nameOf("raspi/bme", 1)).isEqualTo("raspi_bme");
        assertThat(DraftRecorder.nameOf("#", 3)).isEqualTo("rule3");
        assertThat(DraftRecorder.nameOf("home/+/temp-c", 1)).isEqualTo("home_temp_c");
        assertThat(DraftRecorder.nameOf("1st/floor", 1)).isEqualTo("r_1st_floor");
    }

    @Test
    void badLinesNameFileAndLine() {
        for (List<String> bad : List.of(
                List.of("record_format json\n", "t.conf:1: record_format must follow a 'record"),
                List.of("record a/#/b\n", "t.conf:1: record: invalid topic filter 'a/#/b'"),
                List.of("record a/b\nrecord a/b\n", "t.conf:2: record: a rule named 'a_b' is already defined at t.conf:1"),
                List.of("record a/b bad-name\n", "t.conf:1: record: the rule name 'bad-name'"),
                List.of("record a/b\nrecord_format xml\n", "t.conf:2: record_format must be one of json, number, text"),
                List.of("record a/b\nrecord_qos 0\n", "t.conf:2: record_qos must be between 1 and 2"),
                List.of("record a/b\nrecord_format text\nrecord_fields x\n", "t.conf:3: record_fields needs record_format json"),
                List.of("record a/b\nrecord_format number\nrecord_time ts\n", "t.conf:3: record_time ts needs record_format json"),
                List.of("record_retention 30x\n", "t.conf:1: record_retention must be a number followed by"),
                List.of("record_retention 30d 1d\n", "t.conf:1: record_retention RAW MINUTES HOURS must not decrease"),
                List.of("http_listener 80\nhttp_listener 81\n", "t.conf:2: http_listener is already defined at t.conf:1"),
                List.of("http_listener 70000\n", "t.conf:1: http_listener must be between 0 and 65535"))) {
            assertThatThrownBy(() -> parse(bad.get(0))).as(bad.get(0)).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(bad.get(1));
        }
    }
}
