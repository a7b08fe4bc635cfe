package io.tombo.recorder;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query string of an API request: times as ISO-8601, epoch milliseconds, {@code now} or relative to now
 * ({@code -6h}); durations as {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or milliseconds. A bad value is an
 * {@link IllegalArgumentException} naming the parameter, answered with 400.
 */
final class QueryParameters {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)?");

    private final Map<String, String> values = new HashMap<>();

    QueryParameters(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            values.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
    }

    String text(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    Instant time(String name, Instant now, Instant otherwise) {
        String v = text(name);
        if (v == null || v.equals("now")) {
            return v == null ? otherwise : now;
        }
        if (v.startsWith("-")) {
            return now.minus(duration(name, v.substring(1)));
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(v));
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + ": '" + v + "' is not a time (ISO-8601, epoch "
                        + "milliseconds, now, or -6h)");
            }
        }
    }

    Duration duration(String name, Duration otherwise) {
        String v = text(name);
        return v == null ? otherwise : duration(name, v);
    }

    int integer(String name, int otherwise, int max) {
        String v = text(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return Math.min(max, Math.max(1, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not a number");
        }
    }

    private static Duration duration(String name, String v) {
        Matcher m = DURATION.matcher(v);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not a duration such as 30s, 5m, 1h, 1d");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
