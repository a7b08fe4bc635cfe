package io.tombo.config;

import java.nio.file.Path;
import java.time.Duration;

/** A {@code sink} block while it is being read; becomes a {@link SinkConfig} once its settings are checked. */
final class DraftSink {
    static final long DEFAULT_BUFFER_LIMIT = 1_000_000;
    static final int DEFAULT_RETRY_MAX_SECONDS = 60;

    final String source;
    final String name;
    final SinkConfig.Type type;
    final String url;
    String user;
    String password;
    String token;
    String org;
    String bucket;
    String database;
    SinkConfig.InfluxApi influxApi;
    String table;
    long bufferLimit = DEFAULT_BUFFER_LIMIT;
    Path bufferLocation;
    int retryMaxSeconds = DEFAULT_RETRY_MAX_SECONDS;

    DraftSink(String source, String name, SinkConfig.Type type, String url) {
        this.source = source;
        this.name = name;
        this.type = type;
        this.url = url;
    }

    SinkConfig toRecord() throws ConfigException {
        SinkConfig.InfluxApi api = null;
        if (type == SinkConfig.Type.INFLUXDB) {
            api = influxApi != null ? influxApi : SinkConfig.InfluxApi.V1;
            switch (api) {
                case V1 -> require(database, "sink_database", "InfluxDB v1 writes to a database");
                case V2 -> {
                    require(org, "sink_org", "InfluxDB v2 writes to an organisation's bucket");
                    require(bucket, "sink_bucket", "InfluxDB v2 writes to an organisation's bucket");
                    require(token, "sink_token", "InfluxDB v2 needs an API token");
                }
                case V3 -> require(database, "sink_database", "InfluxDB v3 writes to a database");
            }
        }
        return new SinkConfig(source, name, type, url, user, password, token, org, bucket, database, api, table,
                bufferLimit, bufferLocation, Duration.ofSeconds(retryMaxSeconds));
    }

    private void require(String value, String directive, String why) throws ConfigException {
        if (value == null) {
            throw new ConfigException(source + ": sink " + name + " needs " + directive + " (" + why + ")");
        }
    }
}
