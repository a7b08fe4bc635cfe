package io.tombo.codec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TopicMatchTest {

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource(delimiter = '|', value = {
            "a/b/c     | a/b/c",
            "a/+/c     | a/b/c",
            "+/+/+     | a/b/c",
            "a/#       | a/b/c",
            "#         | a/b/c",
            "sport/#   | sport",          // [MQTT-4.7.1-2] # matches the parent level
            "sport/#   | sport/",
            "+/#       | a",
            "a/+       | a/",             // + matches an empty level
            "a/+/b     | a//b",
            "+/a       | /a",
            "+         | ''",
            "+/+       | /",
            "/#        | /a",
            "$SYS/#    | $SYS/broker/load", // explicit $ filters match $ topics [MQTT-4.7.2-1]
            "$SYS/+    | $SYS/x",
            "a/$x      | a/$x",
            "a/+       | a/$x",           // only the first level is special
    })
    void matches(String filter, String topic) {
        assertThat(Topics.matches(filter, topic)).isTrue();
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource(delimiter = '|', value = {
            "a/b/c     | a/b",
            "a/b       | a/b/c",
            "a/+       | a",
            "a/+       | a/b/c",
            "+         | a/b",
            "+         | /a",
            "a/#       | ab",
            "a/#       | b/a",
            "sport/+   | sport",
            "#         | $SYS/broker",      // [MQTT-4.7.2-1]
            "+/broker  | $SYS/broker",
            "+         | $SYS",
            "#         | $",
            "A         | a",                // case sensitive [MQTT-4.7.3-4]
            "a/b       | a/b/",
            "/a        | a",
    })
    void doesNotMatch(String filter, String topic) {
        assertThat(Topics.matches(filter, topic)).isFalse();
    }
}
