package io.tombo.recorder.sink;

import io.tombo.recorder.Reading;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tutorial's BME280 readings for sink tests. */
public final class Readings {
    public static final Instant START = Instant.parse("2026-11-22T08:00:00Z");

    private Readings() {
    }

    /** Reading {@code i} of rule {@code rule} on {@code raspi/bme}: temperature, humidity, pressure, one a second. */
    public static Reading bme(String rule, int i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("temperature", 20.0 + i / 10.0);
        fields.put("humidity", 57.5);
        fields.put("pressure", 997.8);
        return new Reading(rule, "raspi/bme", START.plusSeconds(i), fields, rule + "-" + i);
    }

    /** Readings {@code from} (inclusive) to {@code to} (exclusive). */
    public static List<Reading> bme(String rule, int from, int to) {
        List<Reading> readings = new ArrayList<>();
        for (int i = from; i < to; i++) {
            readings.add(bme(rule, i));
        }
        return readings;
    }
}
