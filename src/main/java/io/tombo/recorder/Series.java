package io.tombo.recorder;

import java.util.List;

/**
 * One recorded series: a field of the messages on one topic, under one rule. The topic's levels are its tags
 * ({@code raspi/bme} → {@code raspi}, {@code bme}).
 */
public record Series(long id, String rule, String topic, String field) {
    public List<String> levels() {
        return List.of(topic.split("/", -1));
    }
}
