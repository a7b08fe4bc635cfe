package io.tombo.listener;

import io.netty.channel.EventLoop;
import io.tombo.broker.HomeThread;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Netty event loop as the broker core's {@link HomeThread}: one instance per loop, shared by its connections.
 * Every {@value ReadDeadlines#TICK_MILLIS} ms the loop checks its connections' read deadlines and measures how busy
 * it was (its thread's CPU time over the tick), which the broker reads from other threads before it moves a
 * connection here.
 */
final class NettyHomeThread implements HomeThread {
    private final EventLoop loop;
    /** "event loop N", for logs. */
    private final String name;
    private final ReadDeadlines deadlines = new ReadDeadlines();
    /** Smoothed CPU share of the loop's thread over the last ticks; written by the loop, read by anyone. */
    private volatile double load;
    /** Made by the first tick, on the loop's thread. */
    private ThreadCpuClock cpuClock;
    private long lastCpuNanos = -1;
    private long lastTickNanos;

    NettyHomeThread(EventLoop loop, String name) {
        this.loop = loop;
        this.name = name;
        loop.scheduleAtFixedRate(this::tick, ReadDeadlines.TICK_MILLIS, ReadDeadlines.TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    EventLoop loop() {
        return loop;
    }

    ReadDeadlines deadlines() {
        return deadlines;
    }

    private void tick() {
        long now = System.nanoTime();
        deadlines.sweep(now);
        if (cpuClock == null) {
            cpuClock = new ThreadCpuClock();
        }
        long cpu = cpuClock.nanos();
        if (cpu >= 0 && lastCpuNanos >= 0 && now > lastTickNanos) {
            double busy = Math.min(1, (cpu - lastCpuNanos) / (double) (now - lastTickNanos));
            load = (load + busy) / 2; // about a second of memory at four ticks a second
        }
        lastCpuNanos = cpu;
        lastTickNanos = now;
    }

    @Override
    public double load() {
        return load;
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public boolean inThread() {
        return loop.inEventLoop();
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> f = loop.schedule(task, delay, unit);
        return () -> f.cancel(false);
    }

    @Override
    public String toString() {
        return name;
    }
}
