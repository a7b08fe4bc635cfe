package io.tombo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicPatternTest {
    @Test
    void percentIIsTheClientNumber() {
        assertThat(new TopicPattern("bench/%i").expand(7, "c")).isEqualTo("bench/7");
        assertThat(new TopicPattern("a/%i/b/%i").expand(12, "c")).isEqualTo("a/12/b/12");
    }

    @Test
    void percentCIsTheClientIdAndPercentPercentAPercent() {
        assertThat(new TopicPattern("t/%c/100%%").expand(1, "bench-9-pub-1")).isEqualTo("t/bench-9-pub-1/100%");
    }

    @Test
    void patternWithoutPlaceholdersIsUnchanged() {
        assertThat(new TopicPattern("bench/fanin/+").expand(3, "x")).isEqualTo("bench/fanin/+");
        assertThat(new TopicPattern("trailing%").expand(3, "x")).isEqualTo("trailing%");
    }

    @Test
    void unknownPlaceholderIsRefused() {
        assertThatThrownBy(() -> new TopicPattern("bench/%x").expand(1, "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%x");
    }
}
