package io.tombo.client;

import io.tombo.codec.Topics;

/**
 * Topic filter matching (spec 4.7) for routing received messages to subscription handlers. A shared subscription's
 * messages arrive on the plain topic, so {@code $share/group/filter} matches as {@code filter} (spec 4.8.2).
 */
public final class TopicFilter {
    private TopicFilter() {
    }

    /**
     * Whether {@code topic} matches {@code filter}: {@code +} is one whole level, {@code #} (last) is the parent
     * level and any number of levels below [MQTT-4.7.1-2], and a wildcard at the first level does not match a
     * topic starting with {@code $} [MQTT-4.7.2-1].
     */
    public static boolean matches(String filter, String topic) {
        String f = Topics.isShared(filter) && filter.indexOf('/', Topics.SHARE_PREFIX.length()) > 0
                ? Topics.sharedTopicFilter(filter) : filter;
        if (!topic.isEmpty() && topic.charAt(0) == '$' && !f.isEmpty() && (f.charAt(0) == '+' || f.charAt(0) == '#')) {
            return false;
        }
        int fi = 0;
        int ti = 0;
        int fn = f.length();
        int tn = topic.length();
        while (fi < fn) {
            char c = f.charAt(fi);
            if (c == '#') {
                return true; // '#' is last [MQTT-4.7.1-2]; it also matches the parent level ("a/#" matches "a")
            }
            if (c == '+') {
                while (ti < tn && topic.charAt(ti) != '/') {
                    ti++;
                }
                fi++;
            } else {
                int fEnd = f.indexOf('/', fi);
                fEnd = fEnd < 0 ? fn : fEnd;
                int len = fEnd - fi;
                if (ti + len > tn || !f.regionMatches(fi, topic, ti, len)
                        || ti + len < tn && topic.charAt(ti + len) != '/') {
                    return false;
                }
                fi = fEnd;
                ti += len;
            }
            // both at a level end: '/' or the end of the string
            if (fi == fn) {
                return ti == tn;
            }
            // fi at '/'
            if (ti == tn) {
                // topic ended; only "/#" may follow in the filter ("a/#" matches "a")
                return fi + 2 == fn && f.charAt(fi + 1) == '#';
            }
            fi++;
            ti++;
        }
        return ti == tn;
    }
}
