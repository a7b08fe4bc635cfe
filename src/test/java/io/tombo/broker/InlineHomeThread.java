package io.tombo.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link HomeThread} for unit tests. Inline mode runs every task at once on the caller (the test thread is the
 * home); queued mode keeps tasks until {@link #runPending()}, and reports {@code inThread()} only while running
 * them, so hand-overs from "other threads" can be observed. Scheduled tasks wait for {@link #fireScheduled()}:
 * time never passes by itself. Its {@link #load()} is what the test sets.
 */
final class InlineHomeThread implements HomeThread {
    private final boolean queued;
    private final List<Runnable> pending = new ArrayList<>();
    private final List<Scheduled> scheduled = new ArrayList<>();
    private boolean running;
    private double load;

    private InlineHomeThread(boolean queued) {
        this.queued = queued;
    }

    static InlineHomeThread inline() {
        return new InlineHomeThread(false);
    }

    static InlineHomeThread queued() {
        return new InlineHomeThread(true);
    }

    @Override
    public void execute(Runnable task) {
        if (queued) {
            pending.add(task);
        } else {
            task.run();
        }
    }

    @Override
    public boolean inThread() {
        return !queued || running;
    }

    @Override
    public double load() {
        return load;
    }

    void load(double busy) {
        this.load = busy;
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Scheduled s = new Scheduled(task, unit.toMillis(delay));
        scheduled.add(s);
        return () -> s.cancelled = true;
    }

    /** Runs queued tasks, including those they queue, until none is left; returns how many ran. */
    int runPending() {
        int ran = 0;
        running = true;
        try {
            while (!pending.isEmpty() && ran < 1_000_000) {
                pending.remove(0).run();
                ran++;
            }
        } finally {
            running = false;
        }
        return ran;
    }

    int pendingCount() {
        return pending.size();
    }

    /** Runs every scheduled task that was not cancelled, as if its delay had passed. */
    void fireScheduled() {
        List<Scheduled> due = new ArrayList<>(scheduled);
        scheduled.clear();
        boolean wasRunning = running;
        running = true;
        try {
            for (Scheduled s : due) {
                if (!s.cancelled) {
                    s.task.run();
                }
            }
        } finally {
            running = wasRunning;
        }
    }

    /** Delays (ms) of the scheduled tasks not yet fired or cancelled. */
    List<Long> scheduledDelays() {
        return scheduled.stream().filter(s -> !s.cancelled).map(s -> s.delayMillis).toList();
    }

    private static final class Scheduled {
        final Runnable task;
        final long delayMillis;
        boolean cancelled;

        Scheduled(Runnable task, long delayMillis) {
            this.task = task;
            this.delayMillis = delayMillis;
        }
    }
}
