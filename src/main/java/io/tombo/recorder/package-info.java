/**
 * The telemetry recorder: rules turn messages into {@link io.tombo.recorder.Reading readings}, which go to
 * {@link io.tombo.recorder.Sink sinks} (the embedded series store, PostgreSQL, MariaDB, InfluxDB, webhooks), and an
 * HTTP listener serves them back (query API, dashboard).
 *
 * <p>The recorder is an MQTT client of the broker, never part of it: it imports {@code client}, not
 * {@code broker}, so {@code tombo recorder -h HOST} works against any broker, Mosquitto included.
 */
package io.tombo.recorder;
