package io.tombo.recorder.sink;

import io.tombo.recorder.Reading;

import java.util.Map;

/**
 * InfluxDB line protocol for a reading: {@code measurement,topic=T,level1=L1,... field=value,... nanoseconds}.
 * Whole numbers carry the {@code i} suffix, strings are quoted; commas, spaces and equals signs in names and tags
 * are escaped. The point's series (measurement and tags) and timestamp come from the reading alone, so writing the
 * same reading twice overwrites the point with itself: that is InfluxDB's idempotency.
 */
final class LineProtocol {
    private LineProtocol() {
    }

    /**
     * The reading's line, without a newline.
     *
     * @throws IllegalArgumentException if InfluxDB cannot store it: no fields, a NaN or infinite value, a line break
     *                                  in a name or tag
     */
    static String line(Reading reading, String measurement) {
        if (reading.fields().isEmpty()) {
            throw new IllegalArgumentException("a point needs at least one field");
        }
        var out = new StringBuilder(64 + 32 * reading.fields().size());
        escape(out, measurement, false);
        out.append(",topic=");
        escape(out, reading.topic(), true);
        String[] levels = reading.topic().split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            if (!levels[i].isEmpty()) { // InfluxDB refuses empty tag values
                out.append(",level").append(i + 1).append('=');
                escape(out, levels[i], true);
            }
        }
        char separator = ' ';
        for (Map.Entry<String, Object> field : reading.fields().entrySet()) {
            out.append(separator);
            separator = ',';
            escape(out, field.getKey(), true);
            out.append('=');
            value(out, field.getKey(), field.getValue());
        }
        long nanos = Math.addExact(Math.multiplyExact(reading.time().getEpochSecond(), 1_000_000_000L),
                reading.time().getNano());
        return out.append(' ').append(nanos).toString();
    }

    private static void value(StringBuilder out, String name, Object value) {
        switch (value) {
            case Double d -> {
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("field " + name + " is " + d + ", which InfluxDB cannot store");
                }
                out.append(d);
            }
            case Long l -> out.append(l).append('i');
            case Boolean b -> out.append(b);
            default -> {
                out.append('"');
                String s = value.toString();
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '"' || c == '\\') {
                        out.append('\\');
                    }
                    out.append(c);
                }
                out.append('"');
            }
        }
    }

    /** Measurements escape commas and spaces; tag keys, tag values and field keys also equals signs. */
    private static void escape(StringBuilder out, String s, boolean equalsToo) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException("line break in '" + s.strip() + "'");
            }
            if (c == ',' || c == ' ' || (equalsToo && c == '=')) {
                out.append('\\');
            }
            out.append(c);
        }
    }
}
