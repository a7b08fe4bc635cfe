package io.tombo.listener;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ThreadCpuClockTest {

    @Test
    void countsTheCpuTimeOfItsThreadAsTheJvmDoes() {
        ThreadCpuClock clock = new ThreadCpuClock();
        long before = clock.nanos();
        long jvmBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        assertThat(before).isPositive();
        long[] sink = {0};
        // work until the JVM's own count moved by 20 ms of CPU: ours must have moved about as much
        await().pollInSameThread().until(() -> {
            for (int i = 0; i < 1_000_000; i++) {
                sink[0] += i ^ sink[0];
            }
            return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - jvmBefore > 20_000_000;
        });
        assertThat(clock.nanos() - before).isGreaterThan(10_000_000);
    }
}
