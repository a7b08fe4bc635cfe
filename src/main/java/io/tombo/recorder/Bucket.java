package io.tombo.recorder;

/**
 * The numeric points of one series in one time bucket.
 *
 * @param start milliseconds since the epoch at which the bucket starts
 * @param last  the value of the latest point in the bucket
 */
public record Bucket(long start, long count, double min, double max, double mean, double last) {
}
