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

    /** Runs {@code task} on this thread after {@code delay}; the returned handle cancels it. */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /** A pending scheduled task. */
    interface Cancellable {
        void cancel();
    }
}
