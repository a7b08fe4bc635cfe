package io.tombo.codec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "/", "a/b", "/a/", "$SYS/x", "sport/tennis/player1", "température/😀", " "})
    void validNames(String topic) {
        assertThat(Topics.isValidName(topic)).isTrue();
    }

    @ParameterizedTest // [MQTT-4.7.3-1] [MQTT-3.3.2-2] [MQTT-4.7.3-2]
    @ValueSource(strings = {"", "a/+", "#", "a/#", "+", "a+b", "a#", "a\0b"})
    void invalidNames(String topic) {
        assertThat(Topics.isValidName(topic)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "/", "a/#", "+/+", "/+", "+/", "a/+/b/#", "sport/tennis/+", "$share/g/a/#",
            "//", "+/#"})
    void validFilters(String filter) {
        assertThat(Topics.isValidFilter(filter)).isTrue();
    }

    @ParameterizedTest // [MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.3-1]
    @ValueSource(strings = {"", "a/#/b", "a+", "#a", "a#", "+a", "a/b+", "##", "#/", "a\0"})
    void invalidFilters(String filter) {
        assertThat(Topics.isValidFilter(filter)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/g/a", "$share/g/#", "$share/g/+/b", "$share/group-1//"})
    void validSharedFilters(String filter) {
        assertThat(Topics.isValidSharedFilter(filter)).isTrue();
        assertThat(Topics.shareName(filter) + "/" + Topics.sharedTopicFilter(filter))
                .isEqualTo(filter.substring(Topics.SHARE_PREFIX.length()));
    }

    @ParameterizedTest // [MQTT-4.8.2-1] [MQTT-4.8.2-2]
    @ValueSource(strings = {"$share/", "$share//a", "$share/g", "$share/g/", "$share/+/a", "$share/#", "a/b",
            "$share/g+/a"})
    void invalidSharedFilters(String filter) {
        assertThat(Topics.isValidSharedFilter(filter)).isFalse();
    }
}
