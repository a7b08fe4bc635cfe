package io.tombo.recorder;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one message became under one recording rule: a row for a table sink (one column per field), one point per
 * field for a series store.
 *
 * @param rule   the rule's name; table sinks use it as the table or measurement name
 * @param topic  the topic the message was published to
 * @param time   the message's time: read from the payload or, failing that, its arrival
 * @param fields field name to value, in payload order; values are {@link Double}, {@link Long}, {@link Boolean} or
 *               {@link String} only, so every sink can map them to a typed column
 * @param key    identifies the reading across retries and redeliveries: a sink that is handed the same key twice
 *               stores it once
 */
public record Reading(String rule, String topic, Instant time, Map<String, Object> fields, String key) {

    public Reading {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(key, "key");
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Object value = field.getValue();
            if (!(value instanceof Double || value instanceof Long || value instanceof Boolean
                    || value instanceof String)) {
                throw new IllegalArgumentException("field " + field.getKey() + " has an unsupported value type "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
