package io.tombo.recorder;

/** Running aggregate of a bucket while a batch is written: count, sum, min, max and the latest value. */
final class Rollup {
    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long lastTime = Long.MIN_VALUE;
    double last;

    void add(long time, double value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (time >= lastTime) {
            lastTime = time;
            last = value;
        }
    }

    void add(long n, double s, double lo, double hi, long lastAt, double lastValue) {
        count += n;
        sum += s;
        min = Math.min(min, lo);
        max = Math.max(max, hi);
        if (lastAt >= lastTime) {
            lastTime = lastAt;
            last = lastValue;
        }
    }

    Bucket toBucket(long start) {
        return new Bucket(start, count, min, max, sum / count, last);
    }
}
