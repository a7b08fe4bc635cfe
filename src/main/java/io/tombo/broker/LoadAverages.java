package io.tombo.broker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mosquitto's {@code $SYS/broker/load/...}: per-minute rates of a counter, smoothed over 1, 5 and 15 minutes as
 * exponentially weighted moving averages updated every {@code sys_interval}. Owned by the $SYS thread.
 */
final class LoadAverages {
    private static final int[] MINUTES = {1, 5, 15};

    private final Map<String, long[]> lastCounts = new LinkedHashMap<>();
    private final Map<String, double[]> averages = new LinkedHashMap<>();

    /** Folds the counters' current values in; {@code seconds} is the time since the last update. */
    void update(Map<String, Long> counters, double seconds) {
        counters.forEach((name, value) -> {
            long[] last = lastCounts.computeIfAbsent(name, n -> new long[] {value});
            double perMinute = (value - last[0]) * 60.0 / seconds;
            last[0] = value;
            double[] avg = averages.computeIfAbsent(name, n -> new double[MINUTES.length]);
            for (int i = 0; i < MINUTES.length; i++) {
                double factor = 1 - Math.exp(-seconds / (60.0 * MINUTES[i]));
                avg[i] += factor * (perMinute - avg[i]);
            }
        });
    }

    /** {@code load/NAME/1min} → "12.34" and so on, as Mosquitto formats them. */
    Map<String, String> topics() {
        Map<String, String> out = new LinkedHashMap<>();
        averages.forEach((name, avg) -> {
            for (int i = 0; i < MINUTES.length; i++) {
                out.put("load/" + name + "/" + MINUTES[i] + "min", String.format(java.util.Locale.ROOT, "%.2f", avg[i]));
            }
        });
        return out;
    }
}
