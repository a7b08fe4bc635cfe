package io.tombo.recorder;

/**
 * One raw point.
 *
 * @param time  milliseconds since the epoch
 * @param value the number (booleans as 0 and 1), or null for text
 * @param text  the text, or null for a number
 */
public record Point(long time, Double value, String text) {
}
