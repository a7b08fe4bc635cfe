package io.tombo.recorder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.tombo.config.RecordRule;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns one payload into a {@link Reading} as its rule says ({@code record_format}, {@code record_fields},
 * {@code record_time}), or refuses it with the reason. Stateless after construction: the recorder thread calls it.
 */
final class PayloadReader {
    /** Nested objects deeper than this are refused rather than flattened into ever longer names. */
    private static final int MAX_DEPTH = 8;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build();

    private final RecordRule rule;
    private final Set<String> wanted;

    PayloadReader(RecordRule rule) {
        this.rule = rule;
        this.wanted = rule.fields().isEmpty() ? null : new HashSet<>(rule.fields());
    }

    Reading read(String topic, byte[] payload, Instant arrival) throws BadPayload {
        Map<String, Object> fields = new LinkedHashMap<>();
        Instant time = null;
        switch (rule.format()) {
            case JSON -> time = readJson(payload, fields);
            case NUMBER -> fields.put("value", number(text(payload)));
            case TEXT -> fields.put("value", text(payload));
        }
        RecordRule.Time source = rule.time();
        if (time == null && source.required()) {
            throw new BadPayload("no '" + source.field() + "' field (record_time " + source.field() + ")");
        }
        if (fields.isEmpty()) {
            throw new BadPayload(wanted == null ? "no number, boolean or string field"
                    : "none of the fields " + String.join(",", rule.fields()));
        }
        boolean fromPayload = time != null;
        Instant when = fromPayload ? time : arrival;
        return new Reading(rule.name(), topic, when, ordered(fields),
                ReadingKey.of(rule.name(), topic, payload, fromPayload ? null : when));
    }

    /** Fills {@code fields}; returns the time field's instant, or null when the payload has none. */
    private Instant readJson(byte[] payload, Map<String, Object> fields) throws BadPayload {
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadPayload("not a JSON object");
            }
            Instant time = readObject(p, "", 1, fields);
            if (p.nextToken() != null) {
                throw new BadPayload("text after the JSON object");
            }
            return time;
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JacksonException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new BadPayload("invalid JSON: " + why);
        }
    }

    private Instant readObject(JsonParser p, String prefix, int depth, Map<String, Object> fields)
            throws IOException, BadPayload {
        if (depth > MAX_DEPTH) {
            throw new BadPayload("objects nested deeper than " + MAX_DEPTH);
        }
        Instant time = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = prefix + p.currentName();
            JsonToken value = p.nextToken();
            if (prefix.isEmpty() && name.equals(rule.time().field())) {
                time = switch (value) {
                    case VALUE_STRING -> Timestamps.parse(p.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Timestamps.fromEpoch(p.getDoubleValue());
                    default -> throw new BadPayload("'" + name + "' is not a time: " + value.asString());
                };
                continue;
            }
            switch (value) {
                case START_OBJECT -> {
                    Instant nested = readObject(p, name + ".", depth + 1, fields);
                    time = time == null ? nested : time;
                }
                case START_ARRAY -> p.skipChildren(); // no series for lists: which element is which is unknown
                case VALUE_NUMBER_INT -> keep(fields, name, p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? (Object) p.getDoubleValue() : (Object) p.getLongValue());
                case VALUE_NUMBER_FLOAT -> keep(fields, name, p.getDoubleValue());
                case VALUE_TRUE -> keep(fields, name, Boolean.TRUE);
                case VALUE_FALSE -> keep(fields, name, Boolean.FALSE);
                case VALUE_STRING -> keep(fields, name, p.getText());
                default -> { } // null: no value to record
            }
        }
        return time;
    }

    private void keep(Map<String, Object> fields, String name, Object value) {
        if (wanted == null || wanted.contains(name)) {
            fields.put(name, value);
        }
    }

    /** With record_fields, the configured order, so table columns do not depend on the publisher's. */
    private Map<String, Object> ordered(Map<String, Object> fields) {
        if (wanted == null) {
            return fields;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (String f : rule.fields()) {
            Object v = fields.get(f);
            if (v != null) {
                result.put(f, v);
            }
        }
        return result;
    }

    private static String text(byte[] payload) throws BadPayload {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new BadPayload("not UTF-8 text");
        }
    }

    private static Object number(String text) throws BadPayload {
        String t = text.strip();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException notLong) {
            try {
                double d = Double.parseDouble(t);
                if (Double.isFinite(d) && !t.endsWith("d") && !t.endsWith("f") && !t.endsWith("D")
                        && !t.endsWith("F")) {
                    return d;
                }
            } catch (NumberFormatException notDouble) {
                // reported below
            }
        }
        throw new BadPayload("not a number: '" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "'");
    }
}
