package io.tombo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The recorder's settings: recording rules, the embedded series store, the HTTP listener of the query API and
 * dashboard, and how the broker's internal recorder logs in.
 *
 * @param rules            the {@code record} blocks, in file order; empty: no recorder
 * @param location         {@code record_location}: directory of {@code recorder.db}; null: persistence_location,
 *                         else the working directory
 * @param retention        how long raw points, 1-minute and 1-hour buckets are kept
 * @param http             {@code http_listener}, or null for none
 * @param username         {@code record_username}: the internal recorder's login when anonymous access is off
 * @param password         {@code record_password}
 * @param sinks            the remote sinks ({@code sink} blocks) that rules name in {@code record_sink}, in file order
 */
public record RecorderConfig(List<RecordRule> rules, Path location, Retention retention, HttpListener http,
                             String username, String password, List<SinkConfig> sinks) {

    public static final RecorderConfig NONE = new RecorderConfig(List.of(), null, Retention.DEFAULT, null, null, null,
            List.of());

    public RecorderConfig {
        rules = List.copyOf(rules);
        sinks = List.copyOf(sinks);
    }

    /** Whether anything is to be recorded or served. */
    public boolean enabled() {
        return !rules.isEmpty() || http != null;
    }

    /** The directory of the embedded store: record_location, else persistence_location, else the working directory. */
    public Path directory(Path persistenceLocation) {
        if (location != null) {
            return location;
        }
        return persistenceLocation != null ? persistenceLocation : Path.of("");
    }

    /**
     * {@code record_retention RAW [MINUTES [HOURS]]}: raw points are kept {@code raw}, then only their 1-minute
     * buckets (min, max, sum, count, last) until {@code minutes}, then only 1-hour buckets until {@code hours}.
     */
    public record Retention(Duration raw, Duration minutes, Duration hours) {
        public static final Retention DEFAULT = new Retention(Duration.ofDays(30), Duration.ofDays(365),
                Duration.ofDays(5 * 365));
    }

    /** {@code http_listener PORT [ADDRESS]}; the address is loopback unless given. */
    public record HttpListener(int port, String address, String source) {
    }
}
