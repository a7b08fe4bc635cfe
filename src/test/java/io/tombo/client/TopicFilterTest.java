package io.tombo.client;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic filter matching for handler routing (spec 4.7), including shared subscriptions (spec 4.8.2). */
class TopicFilterTest {

    // a row starting with '#' would be a comment to @CsvSource, hence the quotes
    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            a/b            | a/b           | true
            a/b            | a/c           | false
            a/b            | a/b/c         | false
            a/b            | a/bc          | false
            a/b/c          | a/b           | false
            +              | a             | true
            +              | a/b           | false
            +              | /a            | false
            +/+            | /a            | true
            a/+            | a/            | true
            a/+            | a/b           | true
            a/+            | a/b/c         | false
            a/+/c          | a/b/c         | true
            a/+/c          | a/b/d         | false
            +/b/+          | a/b/c         | true
            '#'            | a             | true
            '#'            | a/b/c         | true
            '#'            | /             | true
            a/#            | a             | true
            a/#            | a/b/c         | true
            a/#            | ab            | false
            a/+/#          | a/b           | true
            a/+/#          | a/b/c/d       | true
            a/+/#          | a             | false
            /#             | /a            | true
            /#             | a             | false
            '#'            | $SYS/uptime   | false
            +/uptime       | $SYS/uptime   | false
            $SYS/#         | $SYS/uptime   | true
            $SYS/+         | $SYS/uptime   | true
            $share/g/a/+   | a/b           | true
            $share/g/#     | a/b           | true
            $share/g/a/#   | b/c           | false
            $share/g/#     | $SYS/x        | false
            """)
    void matchesAsTheSpecSays(String filter, String topic, boolean expected) {
        // [MQTT-4.7.1-2] '#' matches the parent level and below; [MQTT-4.7.2-1] no wildcard match for '$' topics
        assertThat(TopicFilter.matches(filter, topic)).isEqualTo(expected);
    }
}
