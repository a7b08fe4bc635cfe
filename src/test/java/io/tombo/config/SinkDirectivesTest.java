package io.tombo.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinkDirectivesTest {

    private static BrokerConfig parse(String text) throws ConfigException {
        return ConfigParser.parse(text, "tombo.conf");
    }

    private static void rejected(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void sinkBlocksCollectTheirSettings() throws ConfigException {
        BrokerConfig config = parse("""
                sink pg postgresql jdbc:postgresql://127.0.0.1:5432/telemetry
                sink_user tombo
                sink_password s3cret word
                sink_table Ambient
                sink_buffer_limit 5000
                sink_buffer_location /var/lib/tombo/sinks
                sink_retry_max_interval 10
                listener 1883
                sink influx influxdb http://127.0.0.1:8086
                sink_database telemetry
                sink hook webhook https://example.test/readings
                sink_token abc
                """);
        assertThat(config.recorder().sinks()).hasSize(3);
        SinkConfig pg = config.recorder().sinks().get(0);
        assertThat(pg.source()).isEqualTo("tombo.conf:1");
        assertThat(pg.type()).isEqualTo(SinkConfig.Type.POSTGRESQL);
        assertThat(pg.user()).isEqualTo("tombo");
        assertThat(pg.password()).isEqualTo("s3cret word");
        assertThat(pg.table()).isEqualTo("Ambient");
        assertThat(pg.bufferLimit()).isEqualTo(5000);
        assertThat(pg.bufferLocation()).isEqualTo(Path.of("/var/lib/tombo/sinks"));
        assertThat(pg.retryMaxInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pg.toString()).doesNotContain("s3cret");
        SinkConfig influx = config.recorder().sinks().get(1);
        assertThat(influx.influxApi()).isEqualTo(SinkConfig.InfluxApi.V1);
        assertThat(influx.database()).isEqualTo("telemetry");
        assertThat(influx.table()).isNull();
        assertThat(influx.bufferLimit()).isEqualTo(1_000_000);
        assertThat(influx.retryMaxInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.recorder().sinks().get(2).token()).isEqualTo("abc");
        assertThat(config.listeners()).hasSize(1);
    }

    @Test
    void influxApisNeedTheirSettings() throws ConfigException {
        rejected("sink i influxdb http://h:8086\n",
                "tombo.conf:1: sink i needs sink_database (InfluxDB v1 writes to a database)");
        rejected("sink i influxdb http://h:8086\nsink_api v2\nsink_org o\nsink_bucket b\n",
                "tombo.conf:1: sink i needs sink_token (InfluxDB v2 needs an API token)");
        SinkConfig v2 = parse("sink i influxdb http://h:8086\nsink_api v2\nsink_org o\nsink_bucket b\nsink_token t\n"
                + "sink_measurement bme\n").recorder().sinks().getFirst();
        assertThat(v2.influxApi()).isEqualTo(SinkConfig.InfluxApi.V2);
        assertThat(v2.table()).isEqualTo("bme");
        assertThat(parse("sink i influxdb http://h:8181\nsink_api v3\nsink_database d\n").recorder().sinks().getFirst()
                .influxApi()).isEqualTo(SinkConfig.InfluxApi.V3);
    }

    @Test
    void badLinesNameFileAndLine() {
        rejected("sink_user tombo\n", "tombo.conf:1: sink_user must follow a 'sink NAME TYPE URL' line");
        rejected("sink pg postgresql\n", "tombo.conf:1: sink needs a value");
        rejected("sink pg oracle jdbc:oracle:thin:@h\n",
                "tombo.conf:1: sink type must be one of postgresql, mariadb, influxdb, webhook, not 'oracle'");
        rejected("sink pg postgresql jdbc:mariadb://h/db\n",
                "tombo.conf:1: sink pg: a postgresql URL starts with jdbc:postgresql:, not 'jdbc:mariadb://h/db'");
        rejected("sink hook webhook ftp://h/x\n",
                "tombo.conf:1: sink hook: a webhook URL starts with http://, not 'ftp://h/x'");
        rejected("sink a/b webhook http://h/x\n",
                "tombo.conf:1: sink name 'a/b' must be 1 to 64 letters, digits, '_', '.' or '-'");
        rejected("sink pg postgresql jdbc:postgresql://h/db\n\nsink pg mariadb jdbc:mariadb://h/db\n",
                "tombo.conf:3: sink pg is already defined at tombo.conf:1");
        rejected("sink pg postgresql jdbc:postgresql://h/db\nsink_database x\n",
                "tombo.conf:2: sink_database applies to influxdb sinks; sink pg is postgresql");
        rejected("sink i influxdb http://h:8086\nsink_database d\nsink_table t\n",
                "tombo.conf:3: sink_table applies to postgresql and mariadb sinks; sink i is influxdb "
                        + "(use sink_measurement)");
        rejected("sink pg postgresql jdbc:postgresql://h/db\nsink_buffer_limit 0\n",
                "tombo.conf:2: sink_buffer_limit must be between 1 and 9223372036854775807, not 0");
        rejected("sink i influxdb http://h:8086\nsink_api v4\n",
                "tombo.conf:2: sink_api must be one of v1, v2, v3, not 'v4'");
    }

    @Test
    void rulesMayNameOnlyDefinedSinks() throws ConfigException {
        assertThat(parse("sink pg postgresql jdbc:postgresql://h/db\nrecord raspi/bme bme\nrecord_sink embedded pg\n")
                .recorder().rules().getFirst().sinks()).containsExactly("embedded", "pg");
        rejected("record raspi/bme bme\nrecord_sink embedded pg\n",
                "tombo.conf:1: record_sink pg names no sink block (add 'sink pg TYPE URL', or use embedded)");
        rejected("sink embedded postgresql jdbc:postgresql://h/db\n",
                "tombo.conf:1: sink: 'embedded' names the embedded store; give the sink another name");
    }

    @Test
    void everySinkDirectiveIsDocumentedAsAnExtension() {
        assertThat(SinkDirectives.ALL).allSatisfy(d -> {
            assertThat(d.tomboExtension()).isTrue();
            assertThat(d.scope()).isEqualTo(Directive.Scope.SINK);
        });
    }
}
