package io.tombo.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Mosquitto's log line: {@code 1700000000: message}, or the time in {@code log_timestamp_format} (strftime
 * codes), or no time at all with {@code log_timestamp false}.
 */
final class MosquittoLayout extends LayoutBase<ILoggingEvent> {
    private final boolean timestamp;
    private final DateTimeFormatter format;

    MosquittoLayout(boolean timestamp, String strftime) {
        this.timestamp = timestamp;
        this.format = strftime == null ? null
                : DateTimeFormatter.ofPattern(Strftime.toPattern(strftime)).withZone(ZoneId.systemDefault());
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(96);
        if (timestamp) {
            if (format == null) {
                sb.append(event.getTimeStamp() / 1000);
            } else {
                sb.append(format.format(Instant.ofEpochMilli(event.getTimeStamp())));
            }
            sb.append(": ");
        }
        sb.append(event.getFormattedMessage()).append('\n');
        return sb.toString();
    }
}
