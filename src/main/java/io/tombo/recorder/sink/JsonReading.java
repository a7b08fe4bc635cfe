package io.tombo.recorder.sink;

import io.tombo.recorder.Reading;

import java.util.Map;

/**
 * A reading as the JSON object a webhook receives:
 * {@code {"rule":"bme","topic":"raspi/bme","time":"2026-01-02T03:04:05Z","key":"...","fields":{"temperature":26.7}}}.
 * Whole numbers stay whole, NaN and infinities (which JSON lacks) become {@code null}.
 */
final class JsonReading {
    private JsonReading() {
    }

    static String of(Reading r) {
        var out = new StringBuilder(128);
        out.append("{\"rule\":");
        string(out, r.rule());
        out.append(",\"topic\":");
        string(out, r.topic());
        out.append(",\"time\":\"").append(r.time()).append("\",\"key\":");
        string(out, r.key());
        out.append(",\"fields\":{");
        boolean first = true;
        for (Map.Entry<String, Object> field : r.fields().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, field.getKey());
            out.append(':');
            switch (field.getValue()) {
                case Double d -> out.append(Double.isFinite(d) ? d.toString() : "null");
                case String s -> string(out, s);
                default -> out.append(field.getValue()); // Long, Boolean
            }
        }
        return out.append("}}").toString();
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
