package io.tombo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {
    @Test
    void cpuIsUserPlusSystemTicksEvenWhenTheCommandNameHasSpacesAndParentheses() {
        String stat = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 12 0 100 0 0";
        assertThat(ProcessStats.cpuNanosOfStat(stat)).isEqualTo(300 * 10_000_000L);
    }

    @Test
    void thisProcessHasCpuAndRss() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcessStats.cpuNanos(pid)).isPositive();
        assertThat(ProcessStats.rssKib(pid)).isPositive();
        assertThat(ProcessStats.cpuNanos(0)).isEqualTo(-1);
    }
}
