package io.tombo.recorder;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * Reads the time of a reading from a payload field: an ISO-8601 string with an offset ({@code 2024-05-01T12:00:00+00:00},
 * {@code ...Z}, a space instead of {@code T} as Python's {@code str(datetime)} writes), or a number of seconds or
 * milliseconds since the epoch, told apart by size. A local time without offset is refused: guessing the zone
 * would shift a whole series by hours.
 */
final class Timestamps {
    /** Epoch values at or above this are milliseconds (in seconds it would be the year 5138). */
    private static final double MILLIS_FROM = 1e11;
    /** ... and at or above this microseconds, which are not supported: refused rather than misread. */
    private static final double MICROS_FROM = 1e14;
    private static final DateTimeFormatter ISO_WITH_SPACE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .appendOffsetId().toFormatter();

    private Timestamps() {
    }

    static Instant parse(String text) throws BadPayload {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t, t.indexOf('T') > 0 ? DateTimeFormatter.ISO_OFFSET_DATE_TIME
                    : ISO_WITH_SPACE).toInstant();
        } catch (DateTimeParseException e) {
            if (looksLocal(t)) {
                throw new BadPayload("timestamp '" + text + "' has no UTC offset (write e.g. +00:00 or Z)");
            }
            try {
                return fromEpoch(Double.parseDouble(t));
            } catch (NumberFormatException notNumber) {
                throw new BadPayload("timestamp '" + text + "' is neither ISO-8601 with an offset nor epoch time");
            }
        }
    }

    static Instant fromEpoch(double value) throws BadPayload {
        if (!Double.isFinite(value) || value < 0 || value >= MICROS_FROM) {
            throw new BadPayload("timestamp " + value + " is not epoch seconds or milliseconds");
        }
        double millis = value >= MILLIS_FROM ? value : value * 1000;
        try {
            return Instant.ofEpochMilli(Math.round(millis));
        } catch (DateTimeException e) {
            throw new BadPayload("timestamp " + value + " is out of range");
        }
    }

    private static boolean looksLocal(String t) {
        try {
            java.time.LocalDateTime.parse(t.replace(' ', 'T'));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
