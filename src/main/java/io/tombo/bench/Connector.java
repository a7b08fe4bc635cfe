package io.tombo.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Opens many connections, paced at a connection rate (each connection has an intended start time, and its connect
 * time is measured from it) with at most {@code concurrency} handshakes in progress, on virtual threads.
 */
final class Connector {
    private final Target target;
    private final BenchClock clock;
    private final double rate;
    private final int concurrency;

    Connector(Target target, BenchClock clock, double connectionsPerSecond, int concurrency) {
        this.target = target;
        this.clock = clock;
        this.rate = connectionsPerSecond;
        this.concurrency = concurrency;
    }

    /** The connections that were accepted (index i holds client number i + 1, null if it failed), and timings. */
    record Opened(List<BenchConnection> connections, Histogram connectNanos, long elapsedNanos, List<String> failures) {
        long succeeded() {
            return connections.stream().filter(c -> c != null).count();
        }
    }

    Opened open(int count, IntFunction<String> clientId) throws InterruptedException {
        BenchConnection[] opened = new BenchConnection[count];
        Histogram times = new Histogram(1_000, Tally.MAX_NANOS, 3);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        long start = clock.nanos();
        Pacer pacer = new Pacer(start, rate);
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < Math.min(concurrency, Math.max(1, count)); w++) {
                workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long intended = pacer.closedLoop() ? clock.nanos() : pacer.intended(i);
                        long wait = intended - clock.nanos();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        try {
                            opened[i] = BenchConnection.open(target, clientId.apply(i + 1));
                            long took = clock.nanos() - intended;
                            synchronized (times) {
                                times.recordValue(Math.min(Tally.MAX_NANOS, Math.max(0, took)));
                            }
                        } catch (IOException | RuntimeException e) {
                            failures.add(clientId.apply(i + 1) + ": " + e.getMessage());
                        }
                    }
                });
            }
            workers.shutdown();
            workers.awaitTermination(1, TimeUnit.DAYS);
        }
        long elapsed = clock.nanos() - start;
        List<BenchConnection> list = new ArrayList<>(count);
        for (BenchConnection c : opened) {
            list.add(c);
        }
        return new Opened(list, times, elapsed, List.copyOf(failures));
    }
}
