package io.tombo.broker;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The single thread that owns a session or connection: in Tombo, the event loop of the connection's channel.
 * State owned by a home thread is touched only by tasks run on it; other threads hand work over with
 * {@link #execute}. Two instances for the same thread are equal.
 */
public interface HomeThread extends Executor {

    @Override
    void execute(Runnable task);

    /** Whether the caller is running on this thread. */
    boolean inThread();

    /**
     * How busy this thread was lately, as its share of one CPU (0 to 1); 0 where it is not measured. Read from any
     * thread, to decide whether a connection may move here ({@link Colocation}).
     */
    default double load() {
        return 0;
    }

    /** Runs {@code task} on this thread after {@code delay}; the returned handle cancels it. */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /** A pending scheduled task. */
    interface Cancellable {
        void cancel();
    }
}
