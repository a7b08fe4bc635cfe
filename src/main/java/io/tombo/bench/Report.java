package io.tombo.bench;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one run: an ordered set of named figures, printed as JSON ({@code --json}, one object, for scripts)
 * or as a two-column table. Values are numbers, strings, lists of strings, or nested figure maps (latency).
 * Rates are per second, latencies in microseconds, CPU in seconds, memory in KiB.
 */
public final class Report {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public Report put(String key, Object value) {
        if (value != null) {
            fields.put(key, value);
        }
        return this;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public Map<String, Object> fields() {
        return fields;
    }

    /** Count, mean, p50, p90, p99, p99.9 and max of a nanosecond histogram, in microseconds. */
    static Map<String, Object> latency(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return m;
        }
        m.put("mean", micros(h.getMean()));
        m.put("p50", micros(h.getValueAtPercentile(50)));
        m.put("p90", micros(h.getValueAtPercentile(90)));
        m.put("p99", micros(h.getValueAtPercentile(99)));
        m.put("p999", micros(h.getValueAtPercentile(99.9)));
        m.put("max", micros(h.getMaxValue()));
        return m;
    }

    private static double micros(double nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }

    public String toJson() {
        StringBuilder out = new StringBuilder();
        json(out, fields);
        return out.toString();
    }

    private static void json(StringBuilder out, Object value) {
        switch (value) {
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    string(out, e.getKey().toString());
                    out.append(':');
                    json(out, e.getValue());
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    json(out, list.get(i));
                }
                out.append(']');
            }
            case Double d -> out.append(d.isNaN() || d.isInfinite() ? "null" : number(d));
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            default -> string(out, value.toString());
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                : String.format(Locale.ROOT, "%.3f", d).replaceAll("\\.?0+$", "");
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Human form: one figure per line, names padded to one column. */
    public String toTable() {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", e.getKey(), text(e.getValue())));
        }
        return out.toString();
    }

    private static String text(Object value) {
        return switch (value) {
            case Map<?, ?> map -> {
                StringBuilder s = new StringBuilder();
                map.forEach((k, v) -> s.append(s.isEmpty() ? "" : "  ").append(k).append(' ').append(text(v)));
                yield s.toString();
            }
            case List<?> list -> list.isEmpty() ? "-" : String.join("; ", list.stream().map(Object::toString).toList());
            case Double d -> d >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.3f", d);
            case Long l -> String.format(Locale.ROOT, "%,d", l);
            default -> value.toString();
        };
    }
}
