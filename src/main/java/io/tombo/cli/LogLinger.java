package io.tombo.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

/**
 * Lets the log lines of a burst leave in one write(2): an appender with a buffered stream and no immediate flush
 * calls {@link #appended} after each line, and the buffer goes out {@link #LINGER_MS} after the first unwritten
 * line, or at once for a warning or an error. A write per line was 7 % of the event loops' CPU in a connect burst
 * (two lines per client). The price: a {@code kill -9} loses the information lines of about the last
 * {@value #LINGER_MS} ms; a shutdown loses none (the shutdown hook calls {@link #flush}, a stopped appender flushes).
 * Thread-safe: the buffer is the appender's, under its lock; {@code scheduled} is touched from any thread.
 */
final class LogLinger {
    static final long LINGER_MS = 10;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tombo-log-flush");
        t.setDaemon(true);
        return t;
    });

    private final OutputStreamAppender<ILoggingEvent> appender;
    private final Lock streamLock;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** {@code streamLock}: the lock {@code appender} holds while it writes to its stream. */
    LogLinger(OutputStreamAppender<ILoggingEvent> appender, Lock streamLock) {
        this.appender = appender;
        this.streamLock = streamLock;
    }

    /** After {@code event} went into the appender's buffer, on the logging thread. */
    void appended(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            flush();
        } else if (scheduled.compareAndSet(false, true)) {
            TIMER.schedule(() -> {
                scheduled.set(false); // before the flush: a line appended during it schedules the next one
                flush();
            }, LINGER_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Writes what the appender buffered, from any thread; under the appender's own lock, as its writes are. */
    void flush() {
        streamLock.lock();
        try {
            OutputStream out = appender.getOutputStream();
            if (appender.isStarted() && out != null) {
                out.flush();
            }
        } catch (IOException e) {
            appender.addError("Could not write log lines", e);
        } finally {
            streamLock.unlock();
        }
    }
}
