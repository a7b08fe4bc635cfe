package io.tombo.config;

import io.tombo.config.Directive.Scope;
import io.tombo.config.Directive.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rows of the directive table for the telemetry recorder (Tombo extensions): {@code record} blocks, the embedded
 * store, the HTTP listener. See docs/recorder.md.
 */
final class RecordDirectives {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([hdwmy])");
    private static final Pattern FIELD = Pattern.compile("[^,\\s]+");

    static final List<Directive> ALL = List.of(
            row("record", Scope.RECORD, "none",
                    "start a recording rule: TOPIC-FILTER [NAME]; NAME defaults from the filter (raspi/bme → "
                            + "raspi_bme); the record_* lines after it configure this rule",
                    (l, d) -> d.recorder.startRule(l)),
            row("record_format", Scope.RECORD, "json",
                    "json: every number, boolean and string of a JSON object (nested objects as a.b); number: the "
                            + "payload is one number, field value; text: the payload is one string, field value",
                    RecordDirectives::format),
            row("record_fields", Scope.RECORD, "all", "comma-separated JSON fields to keep, e.g. temperature,humidity",
                    RecordDirectives::fields),
            row("record_time", Scope.RECORD, "timestamp if present, else arrival",
                    "FIELD: the payload field holding the time (ISO-8601 with offset, or epoch seconds or "
                            + "milliseconds); a message without it is a dead letter; arrival: when the recorder got it",
                    RecordDirectives::time),
            row("record_sink", Scope.RECORD, "embedded",
                    "where the readings go: embedded (the SQLite series store) and/or the names of sink blocks",
                    RecordDirectives::sinks),
            row("record_qos", Scope.RECORD, "1", "QoS of the recorder's subscription: 1 or 2",
                    (l, d) -> d.recorder.rule(l).qos = l.integer(1, 2)),
            row("record_retention", Scope.GLOBAL, "30d 365d 5y",
                    "RAW [MINUTES [HOURS]]: how long raw points, 1-minute and 1-hour buckets are kept (N followed "
                            + "by h, d, w, m or y); in a record block, one value: that rule's raw points",
                    RecordDirectives::retention),
            row("record_location", Scope.GLOBAL, "persistence_location, else the working directory",
                    "directory of the embedded series store recorder.db", (l, d) -> d.recorder.location = l.path()),
            row("record_username", Scope.GLOBAL, "none",
                    "username of the broker's internal recorder client (needed with allow_anonymous false)",
                    (l, d) -> d.recorder.username = l.text()),
            row("record_password", Scope.GLOBAL, "none", "password of the internal recorder client",
                    (l, d) -> d.recorder.password = l.text()),
            row("http_listener", Scope.GLOBAL, "none",
                    "PORT [ADDRESS]: serve the query API, /metrics and the dashboard over HTTP; ADDRESS defaults to "
                            + "127.0.0.1; read-only; with allow_anonymous false it asks for a password_file user",
                    RecordDirectives::httpListener));

    private RecordDirectives() {
    }

    private static Directive row(String name, Scope scope, String defaultValue, String meaning,
                                 Directive.Action action) {
        return new Directive(name, scope, Status.IMPLEMENTED, defaultValue, meaning, Directives.TOMBO_EXTENSION,
                action);
    }

    private static void format(Line line, Draft draft) throws ConfigException {
        DraftRecorder.Rule rule = draft.recorder.rule(line);
        rule.format = RecordRule.Format.valueOf(line.choice("json", "number", "text").toUpperCase());
        rule.formatSource = line.where();
    }

    private static void fields(Line line, Draft draft) throws ConfigException {
        DraftRecorder.Rule rule = draft.recorder.rule(line);
        var fields = new LinkedHashSet<String>();
        var matcher = FIELD.matcher(line.text());
        while (matcher.find()) {
            if (!fields.add(matcher.group())) {
                throw line.error("record_fields names '" + matcher.group() + "' twice");
            }
        }
        rule.fields = List.copyOf(fields);
        rule.fieldsSource = line.where();
    }

    private static void time(Line line, Draft draft) throws ConfigException {
        DraftRecorder.Rule rule = draft.recorder.rule(line);
        String value = line.word();
        rule.time = value.equals("arrival") ? RecordRule.Time.ARRIVAL : new RecordRule.Time(value, true);
        rule.timeSource = line.where();
    }

    private static void sinks(Line line, Draft draft) throws ConfigException {
        DraftRecorder.Rule rule = draft.recorder.rule(line);
        List<String> names = line.words(1, 16);
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw line.error("record_sink names a sink twice");
        }
        rule.sinks = List.copyOf(names);
    }

    private static void retention(Line line, Draft draft) throws ConfigException {
        if (!draft.recorder.rules.isEmpty()) {
            draft.recorder.rule(line).retention = duration(line, line.word());
            return;
        }
        List<String> words = line.words(1, 3);
        List<Duration> values = new ArrayList<>();
        for (String w : words) {
            values.add(duration(line, w));
        }
        RecorderConfig.Retention defaults = RecorderConfig.Retention.DEFAULT;
        Duration raw = values.get(0);
        Duration minutes = values.size() > 1 ? values.get(1) : max(raw, defaults.minutes());
        Duration hours = values.size() > 2 ? values.get(2) : max(minutes, defaults.hours());
        if (minutes.compareTo(raw) < 0 || hours.compareTo(minutes) < 0) {
            throw line.error("record_retention RAW MINUTES HOURS must not decrease: coarser buckets are made "
                    + "from finer ones and are kept at least as long");
        }
        draft.recorder.retention = new RecorderConfig.Retention(raw, minutes, hours);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static Duration duration(Line line, String value) throws ConfigException {
        var matcher = DURATION.matcher(value);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw line.error(line.name() + " must be a number followed by h, d, w, m or y (hours, days, weeks, "
                    + "months of 30 days, years), e.g. 30d, not '" + value + "'");
        }
        long hours = switch (matcher.group(2)) {
            case "h" -> 1;
            case "d" -> 24;
            case "w" -> 7 * 24;
            case "m" -> 30 * 24;
            default -> 365 * 24;
        };
        return Duration.ofHours(Long.parseLong(matcher.group(1)) * hours);
    }

    private static void httpListener(Line line, Draft draft) throws ConfigException {
        if (draft.recorder.http != null) {
            throw line.error("http_listener is already defined at " + draft.recorder.http.source());
        }
        List<String> words = line.words(1, 2);
        int port = (int) line.number(words.get(0), 0, 65535);
        String address = words.size() > 1 ? words.get(1) : "127.0.0.1";
        draft.recorder.http = new RecorderConfig.HttpListener(port, address, line.where());
    }
}
