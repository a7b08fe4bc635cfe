package io.tombo.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.util.FileSize;

/** {@code log_dest file}: Logback's file appender, its lines written in bursts ({@link LogLinger}). */
final class LingeringFileAppender extends FileAppender<ILoggingEvent> {
    private final LogLinger linger = new LogLinger(this, streamWriteLock);

    LingeringFileAppender() {
        setImmediateFlush(false);
    }

    @Override
    public void start() {
        setBufferSize(new FileSize(64 * 1024)); // here, not in the constructor: it reports to the context
        super.start();
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        super.subAppend(event);
        linger.appended(event);
    }

    LogLinger linger() {
        return linger;
    }
}
