package io.tombo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The recorder's directives while files are being read: the {@code record} blocks and the global settings. */
final class DraftRecorder {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** A {@code record} block being read. */
    static final class Rule {
        final String source;
        final String filter;
        final String name;
        RecordRule.Format format = RecordRule.Format.JSON;
        String formatSource;
        List<String> fields = List.of();
        String fieldsSource;
        RecordRule.Time time = RecordRule.Time.DEFAULT;
        String timeSource;
        List<String> sinks = List.of(RecordRule.EMBEDDED);
        int qos = 1;
        Duration retention;

        Rule(String source, String filter, String name) {
            this.source = source;
            this.filter = filter;
            this.name = name;
        }
    }

    final List<Rule> rules = new ArrayList<>();
    Path location;
    RecorderConfig.Retention retention = RecorderConfig.Retention.DEFAULT;
    RecorderConfig.HttpListener http;
    String username;
    String password;
    // Remote sinks: sink_* lines configure the last `sink` block.
    final List<DraftSink> sinks = new ArrayList<>();

    /** The block a rule directive on {@code line} belongs to. */
    Rule rule(Line line) throws ConfigException {
        if (rules.isEmpty()) {
            throw line.error(line.name() + " must follow a 'record TOPIC-FILTER [NAME]' line");
        }
        return rules.getLast();
    }

    /** The sink block a {@code sink_*} directive on {@code line} configures. */
    DraftSink sink(Line line) throws ConfigException {
        if (sinks.isEmpty()) {
            throw line.error(line.name() + " must follow a 'sink NAME TYPE URL' line");
        }
        return sinks.getLast();
    }

    void startSink(Line line, DraftSink sink) throws ConfigException {
        if (sink.name.equals(RecordRule.EMBEDDED)) {
            throw line.error("sink: '" + RecordRule.EMBEDDED + "' names the embedded store; give the sink another "
                    + "name");
        }
        for (DraftSink existing : sinks) {
            if (existing.name.equals(sink.name)) {
                throw line.error("sink " + sink.name + " is already defined at " + existing.source);
            }
        }
        sinks.add(sink);
    }

    void startRule(Line line) throws ConfigException {
        List<String> words = line.words(1, 2);
        String filter = words.get(0);
        String problem = filterProblem(filter);
        if (problem != null) {
            throw line.error("record: invalid topic filter '" + filter + "': " + problem);
        }
        String name = words.size() > 1 ? words.get(1) : nameOf(filter, rules.size() + 1);
        if (!NAME.matcher(name).matches()) {
            throw line.error("record: the rule name '" + name + "' must be a letter or _ followed by up to 62 "
                    + "letters, digits or _ (it names tables in SQL sinks)");
        }
        for (Rule r : rules) {
            if (r.name.equalsIgnoreCase(name)) {
                throw line.error("record: a rule named '" + name + "' is already defined at " + r.source
                        + "; give one of them another name: record " + filter + " NAME");
            }
        }
        rules.add(new Rule(line.where(), filter, name));
    }

    RecorderConfig toRecord() throws ConfigException {
        List<RecordRule> result = new ArrayList<>();
        for (Rule r : rules) {
            if (r.format != RecordRule.Format.JSON && r.time == RecordRule.Time.DEFAULT) {
                r.time = RecordRule.Time.ARRIVAL;
            }
            if (!r.fields.isEmpty() && r.format != RecordRule.Format.JSON) {
                throw new ConfigException(r.fieldsSource + ": record_fields needs record_format json (the rule at "
                        + r.source + " reads " + r.format.name().toLowerCase() + " payloads, field 'value')");
            }
            if (r.time.required() && r.format != RecordRule.Format.JSON) {
                throw new ConfigException(r.timeSource + ": record_time " + r.time.field() + " needs record_format "
                        + "json (the rule at " + r.source + " reads " + r.format.name().toLowerCase()
                        + " payloads, which have no fields); use record_time arrival");
            }
            result.add(new RecordRule(r.name, r.filter, r.source, r.format, r.fields, r.time, r.sinks, r.qos,
                    r.retention));
        }
        List<SinkConfig> sinkRecords = new ArrayList<>();
        for (DraftSink sink : sinks) {
            sinkRecords.add(sink.toRecord());
        }
        for (RecordRule rule : result) {
            for (String name : rule.sinks()) {
                if (!name.equals(RecordRule.EMBEDDED) && sinks.stream().noneMatch(s -> s.name.equals(name))) {
                    throw new ConfigException(rule.source() + ": record_sink " + name + " names no sink block "
                            + "(add 'sink " + name + " TYPE URL', or use embedded)");
                }
            }
        }
        return new RecorderConfig(result, location, retention, http, username, password, sinkRecords);
    }

    /** raspi/bme → raspi_bme; sensors/+/temperature → sensors_temperature; # → rule1. */
    static String nameOf(String filter, int index) {
        StringBuilder name = new StringBuilder();
        for (String level : filter.split("/", -1)) {
            if (level.equals("+") || level.equals("#") || level.isEmpty()) {
                continue;
            }
            if (!name.isEmpty()) {
                name.append('_');
            }
            name.append(level.replaceAll("[^A-Za-z0-9_]", "_"));
        }
        if (name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            name.insert(0, name.isEmpty() ? "rule" + index : "r_");
        }
        return name.length() > 63 ? name.substring(0, 63) : name.toString();
    }

    /** Why {@code filter} is not a valid MQTT topic filter [MQTT-4.7.1-2] [MQTT-4.7.1-3], or null. */
    static String filterProblem(String filter) {
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "'#' must be a whole level and the last one";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "'+' must be a whole level";
            }
        }
        return filter.indexOf('\0') >= 0 ? "U+0000 is not allowed" : null;
    }
}
