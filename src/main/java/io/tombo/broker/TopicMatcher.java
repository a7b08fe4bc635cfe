package io.tombo.broker;

/** Matches one topic against one (non-shared) filter, by the same rules as {@link SubscriptionIndex}. */
final class TopicMatcher {
    private TopicMatcher() {
    }

    static boolean matches(String filter, String topic) {
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
}
