package io.tombo.security;

import io.tombo.codec.Topics;

/**
 * One {@code topic} or {@code pattern} line of an ACL file: a topic filter and what it grants. A rule granting
 * nothing is {@code deny}: a match refuses access whatever other rules say.
 */
record AclRule(String filter, boolean read, boolean write) {

    boolean deny() {
        return !read && !write;
    }

    boolean grants(Access access) {
        return access == Access.READ ? read : write;
    }

    boolean usesUsername() {
        return filter.contains("%u");
    }

    /** The filter with {@code %c} and {@code %u} replaced, left to right as Mosquitto does. */
    String substitute(String clientId, String username) {
        StringBuilder b = new StringBuilder(filter.length() + 16);
        for (int i = 0; i < filter.length(); i++) {
            char ch = filter.charAt(i);
            if (ch == '%' && i + 1 < filter.length()) {
                char next = filter.charAt(i + 1);
                if (next == 'c') {
                    b.append(clientId);
                    i++;
                    continue;
                }
                if (next == 'u' && username != null) {
                    b.append(username);
                    i++;
                    continue;
                }
            }
            b.append(ch);
        }
        return b.toString();
    }

    boolean matches(String topic) {
        return Topics.matches(filter, topic);
    }
}
