package io.tombo.store;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The batches submitted to the store, from any number of event loops to the one store thread, through a lock-free
 * {@link ConcurrentLinkedQueue}. A {@code LinkedBlockingQueue} here cost the event loops an eighth of their time
 * under durable load: its lock was contended by two event loops three times per message and parked them.
 *
 * <p>The consumer sleeps only in {@link #awaitNonEmpty()}: it says so first, and a producer that sees it wakes it.
 *
 * @param <T> what is queued
 */
final class Submissions<T> {
    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final Thread consumer;
    private volatile boolean sleeping;

    Submissions(Thread consumer) {
        this.consumer = consumer;
    }

    /** Appends {@code item}; any thread. */
    void add(T item) {
        items.add(item);
        if (sleeping) {
            LockSupport.unpark(consumer);
        }
    }

    /** Hands every item appended so far to {@code to}, in order; the consumer thread only. Returns how many. */
    int drainTo(Consumer<T> to) {
        int n = 0;
        T item;
        while ((item = items.poll()) != null) {
            n++;
            to.accept(item);
        }
        return n;
    }

    /** Whether nothing is waiting. */
    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Waits until something was appended, or the consumer is interrupted; the consumer thread only. */
    void awaitNonEmpty() throws InterruptedException {
        while (isEmpty()) {
            sleeping = true;
            if (isEmpty()) { // checked again after saying so: an append before it is seen, one after it unparks
                LockSupport.park(this);
            }
            sleeping = false;
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
