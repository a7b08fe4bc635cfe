package io.tombo.broker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * How far a session is behind its publishers: QoS 1/2 deliveries other threads handed to it that its home has
 * not taken yet, plus the length of its queue. Publishers read it on their own threads to hold themselves back
 * ({@link #congested}) and wait ({@link #whenDrained}); the session's home thread updates the queue length and
 * wakes the waiting publishers once the backlog falls to half the high-water mark.
 *
 * <p>Why: without it a fast QoS 1 publisher is acknowledged at the rate the broker reads, while a slower
 * subscriber's queue fills and overflows: messages acknowledged and then dropped. Mosquitto behaves that way;
 * Tombo makes the publisher wait instead (see {@link Connection} for how it waits without blocking acknowledgements
 * from the same client).
 */
final class Backlog {
    private static final VarHandle IN_TRANSIT;
    private static final VarHandle WAITERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            IN_TRANSIT = l.findVarHandle(Backlog.class, "inTransit", int.class);
            WAITERS = l.findVarHandle(Backlog.class, "waiters", ConcurrentLinkedQueue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int inTransit;
    /** The session's queue length, written by its home only. */
    private volatile int queued;
    /** Created by the first publisher that waits; most sessions never have one. */
    private volatile ConcurrentLinkedQueue<Runnable> waiters;

    /** A delivery is on its way to the session's home (any thread). */
    void handedOver() {
        IN_TRANSIT.getAndAdd(this, 1);
    }

    /** The session's home took a delivery counted by {@link #handedOver}. */
    void takenOver(int highWater) {
        IN_TRANSIT.getAndAdd(this, -1);
        wakeIfDrained(highWater);
    }

    /** The session's home changed its queue length. */
    void queued(int length, int highWater) {
        if (length != queued) {
            queued = length;
            wakeIfDrained(highWater);
        }
    }

    int size() {
        return inTransit + queued;
    }

    /** Whether a publisher should hold back further messages for this session (any thread). */
    boolean congested(int highWater) {
        return size() >= highWater;
    }

    /**
     * Runs {@code wake} once the backlog falls to the low-water mark, or at once when it already has; runs it at
     * most once. {@code wake} runs on whichever thread notices and must hand itself over.
     */
    void whenDrained(Runnable wake, int highWater) {
        ConcurrentLinkedQueue<Runnable> w = waiters;
        if (w == null) {
            WAITERS.compareAndSet(this, null, new ConcurrentLinkedQueue<Runnable>());
            w = waiters;
        }
        w.add(wake);
        wakeIfDrained(highWater); // the session may have drained between the publisher's check and now
    }

    /** Wakes every waiting publisher whatever the backlog: the session stopped taking messages (offline, ended). */
    void wakeAll() {
        ConcurrentLinkedQueue<Runnable> w = waiters;
        if (w != null) {
            for (Runnable r; (r = w.poll()) != null; ) {
                r.run();
            }
        }
    }

    private void wakeIfDrained(int highWater) {
        ConcurrentLinkedQueue<Runnable> w = waiters;
        if (w != null && !w.isEmpty() && size() <= highWater / 2) {
            wakeAll();
        }
    }
}
