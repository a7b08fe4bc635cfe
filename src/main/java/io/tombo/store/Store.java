package io.tombo.store;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * The broker state that must survive a restart: sessions with their subscriptions, queues, in-flight messages and
 * inbound QoS 2 identifiers, wills, and retained messages.
 *
 * <p>{@link MemoryStore} is Mosquitto's {@code persistence false}: it keeps nothing and runs every
 * {@code afterCommit} at once. {@code SqliteStore} commits batches on its own thread, grouping whatever is waiting
 * into one transaction, and runs each batch's {@code afterCommit} once the commit is durable; the broker sends
 * PUBACK, PUBREC, PUBCOMP, SUBACK and CONNACK from there, so what it acknowledged is on disk.
 *
 * <p>Thread-safe: any event loop may submit. Batches are applied in submission order.
 */
public interface Store extends AutoCloseable {

    /** Whether changes outlive the process; when false the broker skips describing them. */
    boolean durable();

    /**
     * Applies {@code changes} in order as one transaction; then runs {@code afterCommit} (which may be null) —
     * immediately for a store that is not durable, on the store's thread otherwise: callers hand work back to their
     * own thread from it.
     */
    void apply(List<Change> changes, Runnable afterCommit);

    /**
     * As {@link #apply(List, Runnable)}, with {@code afterCommit} run by {@code where} (the caller's event loop).
     * Callbacks of one {@code lane} (compared by identity: a connection, a session) run in submission order. A store
     * that commits on its own thread may hand several callbacks for the same executor over in one task, and may run
     * the callback of a batch whose changes later changes undid before they were written (so that nothing of it is
     * written: a message queued, delivered and acknowledged) without waiting for a commit, unless an earlier callback
     * of its lane waits for one. A batch without changes always waits for the commit of everything submitted before
     * it.
     */
    default void apply(List<Change> changes, Executor where, Object lane, Runnable afterCommit) {
        apply(changes, afterCommit == null ? null : () -> where.execute(afterCommit));
    }

    /** Reads the whole state; called once, before any {@link #apply}. Batches applied after {@link #close()} are
     * dropped (with a warning) and their {@code afterCommit} never runs. */
    Snapshot load();

    @Override
    void close();
}
