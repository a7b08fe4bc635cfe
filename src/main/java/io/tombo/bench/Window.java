package io.tombo.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A publisher's in-flight window for QoS 1/2: the publisher takes slots in bulk, its reader returns them once
 * per read batch, so a full window costs one wake-up per batch of acknowledgements, not one per message. A closed
 * loop waits for a quarter of the window before writing again: a broker that acknowledges one message per system
 * call would otherwise make the benchmark write one message per system call too.
 */
final class Window {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private final int size;
    private int free;

    Window(int size) {
        this.size = size;
        this.free = size;
    }

    int size() {
        return size;
    }

    /**
     * Takes between {@code min(least, wanted)} and {@code wanted} slots, waiting until that many are free, or
     * returns 0 if they did not come free before {@code deadlineNanos}.
     */
    int take(int wanted, int least, long deadlineNanos) throws InterruptedException {
        int enough = Math.max(1, Math.min(least, wanted));
        lock.lock();
        try {
            while (free < enough) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                freed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            int n = Math.min(wanted, free);
            free -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The selector engine's take, on the thread that also returns the slots: between {@code min(least, wanted)} and
     * {@code wanted} slots, or 0 at once if fewer are free.
     */
    int tryTake(int wanted, int least) {
        lock.lock();
        try {
            if (free < Math.max(1, Math.min(least, wanted))) {
                return 0;
            }
            int n = Math.min(wanted, free);
            free -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    void give(int n) {
        if (n == 0) {
            return;
        }
        lock.lock();
        try {
            free += n;
            freed.signal();
        } finally {
            lock.unlock();
        }
    }
}
