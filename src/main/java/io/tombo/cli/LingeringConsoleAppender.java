package io.tombo.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

import java.io.BufferedOutputStream;
import java.io.OutputStream;

/** {@code log_dest stdout|stderr}: Logback's console appender, its lines written in bursts ({@link LogLinger}). */
final class LingeringConsoleAppender extends ConsoleAppender<ILoggingEvent> {
    private final LogLinger linger = new LogLinger(this, streamWriteLock);

    LingeringConsoleAppender() {
        setImmediateFlush(false);
    }

    @Override
    protected OutputStream wrapTarget(OutputStream target) {
        // the target stream writes System.err (or out) as it is at the time, so a redirect still applies
        return new BufferedOutputStream(super.wrapTarget(target), 64 * 1024);
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
