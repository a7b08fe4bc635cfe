package io.tombo.config;

import io.tombo.config.Directive.Action;
import io.tombo.config.Directive.Scope;
import io.tombo.config.Directive.Status;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rows of the directive table for the recorder's remote sinks: {@code sink NAME TYPE URL} starts a block, and the
 * {@code sink_*} lines after it configure that block, as listener directives configure the last {@code listener}.
 */
final class SinkDirectives {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    static final List<Directive> ALL = List.of(
            row("sink", "none", "start a remote sink block: NAME postgresql|mariadb|influxdb|webhook URL, where URL is "
                    + "jdbc:postgresql://..., jdbc:mariadb://... or an http(s):// base URL; recording rules list "
                    + "sinks by NAME", SinkDirectives::sink),
            row("sink_user", "none", "user name for the database (JDBC, InfluxDB v1) or HTTP basic authentication "
                    + "(webhook)", (l, d) -> d.recorder.sink(l).user = l.text()),
            row("sink_password", "none", "password going with sink_user", (l, d) -> d.recorder.sink(l).password = l.text()),
            row("sink_token", "none", "API token: InfluxDB v2/v3 (Authorization: Token), or a webhook's bearer token",
                    (l, d) -> d.recorder.sink(l).token = l.text()),
            row("sink_api", "v1", "InfluxDB write API: v1 (/write?db=), v2 (/api/v2/write?org=&bucket=) or v3 "
                    + "(/api/v3/write_lp?db=)", SinkDirectives::api),
            row("sink_org", "none", "InfluxDB v2 organisation", (l, d) -> influx(l, d).org = l.word()),
            row("sink_bucket", "none", "InfluxDB v2 bucket", (l, d) -> influx(l, d).bucket = l.word()),
            row("sink_database", "none", "InfluxDB v1 or v3 database", (l, d) -> influx(l, d).database = l.word()),
            row("sink_table", "the rule's name", "table written by a PostgreSQL or MariaDB sink (created if missing)",
                    SinkDirectives::table),
            row("sink_measurement", "the rule's name", "measurement written by an InfluxDB sink",
                    SinkDirectives::measurement),
            row("sink_buffer_limit", "1000000", "readings kept on disk while the remote is unreachable; beyond it "
                    + "new readings are refused (counted and logged) and the recorder leaves their messages "
                    + "unacknowledged, so the broker keeps them", (l, d) -> d.recorder.sink(l).bufferLimit =
                    l.number(l.word(), 1, Long.MAX_VALUE)),
            row("sink_buffer_location", "the recorder's store directory", "directory of the sink's on-disk buffer "
                    + "(sink-NAME.db)", (l, d) -> d.recorder.sink(l).bufferLocation = l.path()),
            row("sink_retry_max_interval", "60", "longest wait in seconds between two attempts while the remote is "
                    + "down (the wait starts at 1 s and doubles)",
                    (l, d) -> d.recorder.sink(l).retryMaxSeconds = l.integer(1, 3600)));

    private SinkDirectives() {
    }

    private static Directive row(String name, String defaultValue, String meaning, Action action) {
        return new Directive(name, Scope.SINK, Status.IMPLEMENTED, defaultValue, meaning, Directives.TOMBO_EXTENSION,
                action);
    }

    private static void sink(Line line, Draft draft) throws ConfigException {
        List<String> words = line.words(3, 3);
        String name = words.get(0);
        if (!NAME.matcher(name).matches()) {
            throw line.error("sink name '" + name + "' must be 1 to 64 letters, digits, '_', '.' or '-'");
        }
        SinkConfig.Type type = type(line, words.get(1));
        String url = words.get(2);
        String scheme = switch (type) {
            case POSTGRESQL -> "jdbc:postgresql:";
            case MARIADB -> "jdbc:mariadb:";
            case INFLUXDB, WEBHOOK -> url.startsWith("https://") ? "https://" : "http://";
        };
        if (!url.startsWith(scheme)) {
            throw line.error("sink " + name + ": a " + type.word() + " URL starts with " + scheme + ", not '"
                    + url + "'");
        }
        draft.recorder.startSink(line, new DraftSink(line.where(), name, type, url));
    }

    private static SinkConfig.Type type(Line line, String word) throws ConfigException {
        for (SinkConfig.Type type : SinkConfig.Type.values()) {
            if (type.word().equals(word)) {
                return type;
            }
        }
        throw line.error("sink type must be one of postgresql, mariadb, influxdb, webhook, not '" + word + "'");
    }

    private static void api(Line line, Draft draft) throws ConfigException {
        influx(line, draft).influxApi =
                SinkConfig.InfluxApi.valueOf(line.choice("v1", "v2", "v3").toUpperCase(Locale.ROOT));
    }

    private static void table(Line line, Draft draft) throws ConfigException {
        DraftSink sink = draft.recorder.sink(line);
        if (!sink.type.jdbc()) {
            throw line.error("sink_table applies to postgresql and mariadb sinks; sink " + sink.name + " is "
                    + sink.type.word() + (sink.type == SinkConfig.Type.INFLUXDB ? " (use sink_measurement)" : ""));
        }
        sink.table = identifier(line);
    }

    private static void measurement(Line line, Draft draft) throws ConfigException {
        influx(line, draft).table = identifier(line);
    }

    private static String identifier(Line line) throws ConfigException {
        String value = line.word();
        if (!NAME.matcher(value).matches()) {
            throw line.error(line.name() + " '" + value + "' must be 1 to 64 letters, digits, '_', '.' or '-'");
        }
        return value;
    }

    private static DraftSink influx(Line line, Draft draft) throws ConfigException {
        DraftSink sink = draft.recorder.sink(line);
        if (sink.type != SinkConfig.Type.INFLUXDB) {
            throw line.error(line.name() + " applies to influxdb sinks; sink " + sink.name + " is "
                    + sink.type.word());
        }
        return sink;
    }
}
