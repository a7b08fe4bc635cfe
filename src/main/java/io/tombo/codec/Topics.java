package io.tombo.codec;

/** Topic name and filter syntax (spec 4.7, 4.8.2). Pure functions over strings; no allocation. */
public final class Topics {
    /** The prefix of a shared subscription's filter (spec 4.8.2). */
    public static final String SHARE_PREFIX = "$share/";

    private static final int MAX_BYTES = 0xFFFF;

    private Topics() {
    }

    /**
     * A valid PUBLISH topic name: 1..65535 bytes [MQTT-4.7.3-1] [MQTT-4.7.3-3], no '+' or '#' [MQTT-3.3.2-2],
     * no U+0000 [MQTT-4.7.3-2].
     */
    public static boolean isValidName(String topic) {
        if (topic == null || topic.isEmpty()) {
            return false;
        }
        for (int i = 0, n = topic.length(); i < n; i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#' || c == 0) {
                return false;
            }
        }
        return fits(topic);
    }

    /**
     * A valid topic filter: non-empty [MQTT-4.7.3-1], '#' only last and alone in its level [MQTT-4.7.1-2],
     * '+' alone in its level [MQTT-4.7.1-3], no U+0000 [MQTT-4.7.3-2], at most 65535 bytes.
     */
    public static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty()) {
            return false;
        }
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            if (c == 0) {
                return false;
            }
            if (c == '+' || c == '#') {
                boolean startsLevel = i == 0 || filter.charAt(i - 1) == '/';
                boolean endsLevel = i == n - 1 || filter.charAt(i + 1) == '/';
                if (!startsLevel || !endsLevel || c == '#' && i != n - 1) {
                    return false;
                }
            }
        }
        return fits(filter);
    }

    /**
     * Whether {@code topic} matches the (non-shared) {@code filter}: {@code +} one level, {@code #} the rest
     * including the parent level, and a topic starting with {@code $} only by a filter that names it.
     */
    public static boolean matches(String filter, String topic) {
        if (!topic.isEmpty() && topic.charAt(0) == '$' && !filter.isEmpty()
                && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false; // [MQTT-4.7.2-1]
        }
        int f = 0;
        int t = 0;
        while (true) {
            int fEnd = filter.indexOf('/', f);
            String fLevel = fEnd < 0 ? filter.substring(f) : filter.substring(f, fEnd);
            if (fLevel.equals("#")) {
                return true;
            }
            if (t > topic.length()) {
                // topic ran out: only a trailing "#" (matching the parent level) is left to match [MQTT-4.7.1-2]
                return fLevel.equals("#");
            }
            int tEnd = topic.indexOf('/', t);
            String tLevel = tEnd < 0 ? topic.substring(t) : topic.substring(t, tEnd);
            if (!fLevel.equals("+") && !fLevel.equals(tLevel)) {
                return false;
            }
            if (fEnd < 0) {
                return tEnd < 0;
            }
            f = fEnd + 1;
            t = tEnd < 0 ? topic.length() + 1 : tEnd + 1;
        }
    }

    /** Whether the filter asks for a shared subscription: it starts with {@code $share/} (spec 4.8.2). */
    public static boolean isShared(String filter) {
        return filter.startsWith(SHARE_PREFIX);
    }

    /**
     * A valid shared subscription filter {@code $share/{ShareName}/{filter}}: the ShareName is non-empty and
     * holds no '/', '+' or '#' [MQTT-4.8.2-1] [MQTT-4.8.2-2], and the rest is a valid topic filter.
     */
    public static boolean isValidSharedFilter(String filter) {
        if (!isShared(filter) || !isValidFilter(filter)) {
            return false;
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        if (slash <= SHARE_PREFIX.length() || slash == filter.length() - 1) {
            return false;
        }
        for (int i = SHARE_PREFIX.length(); i < slash; i++) {
            char c = filter.charAt(i);
            if (c == '+' || c == '#') {
                return false;
            }
        }
        return true;
    }

    /** The ShareName of a valid shared filter. */
    public static String shareName(String sharedFilter) {
        return sharedFilter.substring(SHARE_PREFIX.length(), sharedFilter.indexOf('/', SHARE_PREFIX.length()));
    }

    /** The topic filter a valid shared filter subscribes to, after its ShareName. */
    public static String sharedTopicFilter(String sharedFilter) {
        return sharedFilter.substring(sharedFilter.indexOf('/', SHARE_PREFIX.length()) + 1);
    }

    private static boolean fits(String s) {
        // three UTF-8 bytes per char at most, so short strings need no measuring
        return s.length() <= MAX_BYTES / 3 || utf8LengthOrMax(s) <= MAX_BYTES;
    }

    private static int utf8LengthOrMax(String s) {
        try {
            return Utf8.encodedLength(s);
        } catch (IllegalArgumentException unpairedSurrogate) {
            return Integer.MAX_VALUE;
        }
    }
}
