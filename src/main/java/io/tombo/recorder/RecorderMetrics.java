package io.tombo.recorder;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tombo.recorder.sink.OutboxSink;
import io.tombo.recorder.sink.SinkCounters;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.ToLongFunction;

/**
 * {@code /metrics} in Prometheus' text format: the recorder's counters, the store's, and the broker's status as
 * its {@code $SYS} topics report it. Values are read at scrape time from their owners.
 */
final class RecorderMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    RecorderMetrics(RecorderCounters counters, List<OutboxSink> remotes, SeriesStore store, LiveTopics live) {
        if (counters != null) {
            counter("tombo_recorder_messages_received", "messages received on the recording rules' subscriptions",
                    counters::received);
            counter("tombo_recorder_readings", "readings stored by every sink of their rule", counters::readings);
            counter("tombo_recorder_fields", "fields of those readings", counters::fields);
            counter("tombo_recorder_dead_letters", "messages a rule could not read, kept as dead letters",
                    counters::deadLetters);
            counter("tombo_recorder_unmatched", "messages that matched no rule", counters::unmatched);
            counter("tombo_recorder_commits", "batches committed", counters::batches);
            counter("tombo_recorder_sink_failures", "batches a sink refused (then retried)", counters::sinkFailures);
        }
        if (!remotes.isEmpty()) {
            sinkCounter("tombo_sink_sent", "readings a remote sink delivered", remotes, SinkCounters::sent);
            sinkCounter("tombo_sink_refused", "readings refused because the sink's outbox was full (not acknowledged)",
                    remotes, SinkCounters::refused);
            sinkCounter("tombo_sink_failures", "delivery attempts that failed and were retried", remotes,
                    SinkCounters::failures);
            sinkCounter("tombo_sink_dead_lettered", "readings a remote refused for good", remotes,
                    SinkCounters::deadLettered);
            GaugeWithCallback.builder().name("tombo_sink_buffered").help("readings waiting in the sink's outbox")
                    .labelNames("sink").callback(cb -> remotes.forEach(r -> cb.call(r.counters().buffered(), r.name())))
                    .register(registry);
            GaugeWithCallback.builder().name("tombo_sink_down").help("1 while the sink's last attempt failed")
                    .labelNames("sink").callback(cb -> remotes.forEach(r -> cb.call(r.counters().down() ? 1 : 0,
                            r.name())))
                    .register(registry);
        }
        counter("tombo_recorder_points_stored", "points stored in the embedded store since start",
                store::pointsStored);
        counter("tombo_recorder_duplicates_ignored", "points handed in again and stored once",
                store::duplicatesIgnored);
        if (live != null) {
            gauge("tombo_broker_clients_connected", "$SYS/broker/clients/connected", () -> sys(live, "clients/connected"));
            gauge("tombo_broker_subscriptions", "$SYS/broker/subscriptions/count",
                    () -> sys(live, "subscriptions/count"));
            gauge("tombo_broker_messages_received_per_minute", "$SYS/broker/load/messages/received/1min",
                    () -> sys(live, "load/messages/received/1min"));
            gauge("tombo_broker_messages_sent_per_minute", "$SYS/broker/load/messages/sent/1min",
                    () -> sys(live, "load/messages/sent/1min"));
            gauge("tombo_broker_messages_dropped", "$SYS/broker/publish/messages/dropped",
                    () -> sys(live, "publish/messages/dropped"));
            gauge("tombo_recorder_live_topics", "topics in the live topic tree", () -> live.snapshot().size());
        }
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    String contentType() {
        return writer.getContentType();
    }

    private static double sys(LiveTopics live, String name) {
        Double v = live.sys(name);
        return v == null ? Double.NaN : v;
    }

    private void counter(String name, String help, DoubleSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }

    private void sinkCounter(String name, String help, List<OutboxSink> remotes, ToLongFunction<SinkCounters> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("sink")
                .callback(cb -> remotes.forEach(r -> cb.call(value.applyAsLong(r.counters()), r.name())))
                .register(registry);
    }

    private void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }
}
