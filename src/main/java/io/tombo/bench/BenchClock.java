package io.tombo.bench;

import java.time.Instant;

/**
 * Nanoseconds since the epoch, read from the monotonic clock and anchored once to the wall clock, so a stamp written
 * by {@code tombo bench pub} in one process can be compared with the receive time in {@code tombo bench sub} in
 * another (both anchor to the same system clock within microseconds). Tests pass a manual clock.
 */
@FunctionalInterface
public interface BenchClock {
    long nanos();

    static BenchClock system() {
        Instant now = Instant.now();
        long offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
        return () -> System.nanoTime() + offset;
    }
}
