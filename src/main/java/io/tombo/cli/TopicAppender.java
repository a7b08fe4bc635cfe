package io.tombo.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * {@code log_dest topic}: each line is published to {@code $SYS/broker/log/X} with Mosquitto's letters (E error,
 * W warning, N notice, I information, D debug). Lines logged while publishing one are dropped, so a log
 * line about a publish cannot loop.
 */
final class TopicAppender extends AppenderBase<ILoggingEvent> {
    private static final ThreadLocal<Boolean> PUBLISHING = ThreadLocal.withInitial(() -> false);
    private final Supplier<BiConsumer<String, String>> sink;

    TopicAppender(Supplier<BiConsumer<String, String>> sink) {
        this.sink = sink;
    }

    @Override
    protected void append(ILoggingEvent event) {
        BiConsumer<String, String> s = sink.get();
        if (s == null || PUBLISHING.get()) {
            return;
        }
        String letter = switch (event.getLevel().toInt()) {
            case Level.ERROR_INT -> "E";
            case Level.WARN_INT -> "W";
            case Level.INFO_INT -> "I";
            default -> "D";
        };
        PUBLISHING.set(true);
        try {
            s.accept("$SYS/broker/log/" + letter, event.getTimeStamp() / 1000 + ": " + event.getFormattedMessage());
        } finally {
            PUBLISHING.set(false);
        }
    }
}
