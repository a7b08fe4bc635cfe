package io.tombo.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One {@code sink NAME TYPE URL} block: a remote database or webhook that recording rules name in their list of
 * sinks. Readings for a remote sink wait in an on-disk buffer until the remote has them.
 *
 * @param source           FILE:LINE of the {@code sink} line
 * @param name             what rules call it
 * @param type             which kind of remote
 * @param url              {@code jdbc:postgresql:...}, {@code jdbc:mariadb:...} or an {@code http(s)://} base URL
 * @param user             {@code sink_user}, or null
 * @param password         {@code sink_password}, or null
 * @param token            {@code sink_token}, or null: InfluxDB v2/v3 token, or a webhook's bearer token
 * @param org              {@code sink_org} (InfluxDB v2), or null
 * @param bucket           {@code sink_bucket} (InfluxDB v2), or null
 * @param database         {@code sink_database} (InfluxDB v1 and v3), or null
 * @param influxApi        {@code sink_api}: which InfluxDB write API (InfluxDB sinks only)
 * @param table            {@code sink_table} or {@code sink_measurement}; null = each reading's rule name
 * @param bufferLimit      readings the on-disk buffer holds at most
 * @param bufferLocation   {@code sink_buffer_location}; null = beside the recorder's own store
 * @param retryMaxInterval the longest wait between two attempts while the remote is down
 */
public record SinkConfig(String source, String name, Type type, String url, String user, String password,
                         String token, String org, String bucket, String database, InfluxApi influxApi, String table,
                         long bufferLimit, Path bufferLocation, Duration retryMaxInterval) {

    /** Kinds of remote, as written in the {@code sink} line. */
    public enum Type {
        POSTGRESQL("postgresql"),
        MARIADB("mariadb"),
        INFLUXDB("influxdb"),
        WEBHOOK("webhook");

        private final String word;

        Type(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        /** Whether the URL is a JDBC URL and the remote a table per rule. */
        public boolean jdbc() {
            return this == POSTGRESQL || this == MARIADB;
        }
    }

    /** InfluxDB write APIs: v1 {@code /write}, v2 {@code /api/v2/write}, v3 {@code /api/v3/write_lp}. */
    public enum InfluxApi { V1, V2, V3 }

    @Override
    public String toString() {
        // Never print the password or the token: a config dump goes to logs.
        return "SinkConfig[" + name + " " + type.word() + " " + url + " at " + source + "]";
    }
}
