package io.tombo.bench;

/**
 * A topic or filter pattern as emqtt-bench writes them: {@code %i} is the client's number (1-based), {@code %c} its
 * client identifier, {@code %%} a percent sign. {@code bench/%i} gives {@code bench/1}, {@code bench/2} ...
 */
public record TopicPattern(String pattern) {

    public String expand(int clientNumber, String clientId) {
        StringBuilder out = new StringBuilder(pattern.length() + 8);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 == pattern.length()) {
                out.append(c);
                continue;
            }
            char next = pattern.charAt(++i);
            switch (next) {
                case 'i' -> out.append(clientNumber);
                case 'c' -> out.append(clientId);
                case '%' -> out.append('%');
                default -> throw new IllegalArgumentException("unknown placeholder %" + next + " in '" + pattern
                        + "' (%i client number, %c client id, %% percent)");
            }
        }
        return out.toString();
    }
}
