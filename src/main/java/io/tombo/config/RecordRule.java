package io.tombo.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One {@code record} block: which messages the recorder stores, how it reads them, and where they go.
 *
 * @param name      the rule's name: the table or measurement name of table sinks, a tag of every series
 * @param filter    the topic filter the recorder subscribes to
 * @param source    FILE:LINE of the {@code record} line
 * @param format    how the payload is read
 * @param fields    the JSON fields to keep, in this order; empty keeps every numeric, boolean and string field
 * @param time      where a reading's time comes from
 * @param sinks     the sinks that get the readings, by name; {@code embedded} is the built-in series store
 * @param qos       1 or 2: the subscription's QoS; the recorder acknowledges a message only once stored
 * @param retention how long raw points of this rule stay in the embedded store; null: {@code record_retention}'s
 */
public record RecordRule(String name, String filter, String source, Format format, List<String> fields,
                         Time time, List<String> sinks, int qos, Duration retention) {

    /** The name of the built-in SQLite series store among the sinks. */
    public static final String EMBEDDED = "embedded";

    public RecordRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filter, "filter");
        fields = List.copyOf(fields);
        sinks = List.copyOf(sinks);
    }

    /** {@code record_format}: how a payload becomes fields. */
    public enum Format {
        /** A JSON object: every number, boolean and string, nested objects flattened with dots. */
        JSON,
        /** The whole payload is one number, field {@code value}. */
        NUMBER,
        /** The whole payload is one UTF-8 string, field {@code value}. */
        TEXT
    }

    /**
     * {@code record_time}: the payload field holding the time, or none for the arrival time.
     *
     * @param field    the JSON field, null for arrival time
     * @param required false when the field is only used if present (the default {@code timestamp}): a message
     *                 without it gets its arrival time instead of going to the dead letters
     */
    public record Time(String field, boolean required) {
        /** The default: {@code timestamp} if the payload has it, else the arrival time. */
        public static final Time DEFAULT = new Time("timestamp", false);
        public static final Time ARRIVAL = new Time(null, false);
    }
}
