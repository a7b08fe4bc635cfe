package io.tombo.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The batches submitted to the store, from any number of event loops to the one store thread: a linked list that
 * producers append to with one atomic exchange and the consumer reads without any (Dmitry Vyukov's multi-producer,
 * single-consumer queue). A {@code LinkedBlockingQueue} here cost the event loops an eighth of their time under
 * durable load: its lock was contended by two event loops three times per message and parked them.
 *
 * <p>The consumer sleeps only in {@link #awaitNonEmpty()}: it says so first, and a producer that sees it wakes it.
 *
 * @param <T> what is queued
 */
final class Submissions<T> {
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(Submissions.class, "tail", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Node {
        final Object item;
        @SuppressWarnings("unused") // through NEXT
        volatile Node next;

        Node(Object item) {
            this.item = item;
        }
    }

    /** The last node appended; producers exchange it. */
    @SuppressWarnings("unused") // through TAIL
    private volatile Node tail;
    /** The last node consumed (a stub at first): the consumer's alone. */
    private Node head;
    private final Thread consumer;
    private volatile boolean sleeping;

    Submissions(Thread consumer) {
        this.consumer = consumer;
        this.head = new Node(null);
        this.tail = head;
    }

    /** Appends {@code item}; any thread. */
    void add(T item) {
        Node node = new Node(item);
        Node previous = (Node) TAIL.getAndSet(this, node);
        NEXT.setRelease(previous, node);
        if (sleeping) {
            LockSupport.unpark(consumer);
        }
    }

    /** Hands every item appended so far to {@code to}, in order; the consumer thread only. Returns how many. */
    @SuppressWarnings("unchecked")
    int drainTo(Consumer<T> to) {
        int n = 0;
        Node next;
        while ((next = (Node) NEXT.getAcquire(head)) != null) {
            head = next;
            n++;
            to.accept((T) next.item);
        }
        return n;
    }

    /** Whether nothing is waiting; the consumer thread only (an append under way may count as nothing yet). */
    boolean isEmpty() {
        return NEXT.getAcquire(head) == null;
    }

    /** Waits until something was appended, or the consumer is interrupted; the consumer thread only. */
    void awaitNonEmpty() throws InterruptedException {
        while (isEmpty()) {
            sleeping = true;
            if (tail == head) {
                LockSupport.park(this);
            } else {
                Thread.onSpinWait(); // an append under way: its link follows at once
            }
            sleeping = false;
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
