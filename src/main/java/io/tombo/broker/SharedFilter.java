package io.tombo.broker;

/**
 * A topic filter split into its share name and filter part: {@code $share/group/a/b} is shared by {@code group}
 * over {@code a/b} [MQTT-4.8.2-1]; an ordinary filter has a null {@code shareName}.
 */
public record SharedFilter(String shareName, String filter) {
    private static final String PREFIX = "$share/";

    public static SharedFilter parse(String topicFilter) {
        if (topicFilter.startsWith(PREFIX)) {
            int slash = topicFilter.indexOf('/', PREFIX.length());
            if (slash > PREFIX.length()) {
                return new SharedFilter(topicFilter.substring(PREFIX.length(), slash), topicFilter.substring(slash + 1));
            }
        }
        return new SharedFilter(null, topicFilter);
    }

    public boolean isShared() {
        return shareName != null;
    }
}
