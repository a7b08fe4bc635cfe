package io.tombo.broker;

import io.tombo.codec.Properties;
import io.tombo.codec.QoS;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto's {@code $SYS/broker/...} topics (counters, clients, heap, and the 1/5/15-minute load averages),
 * published retained every {@code sys_interval} seconds when their value changed, plus Tombo's per-client drop counters ({@code $SYS/broker/clients/dropped/CLIENT_ID}).
 * Runs on its own daemon thread: it reads only concurrent counters and routes like any publisher.
 */
final class SysTopics implements AutoCloseable {
    private final Broker broker;
    private final Map<String, String> lastPublished = new HashMap<>();
    private final LoadAverages load = new LoadAverages();
    private int intervalSeconds;
    private ScheduledExecutorService timer;

    SysTopics(Broker broker) {
        this.broker = broker;
    }

    void start(int intervalSeconds) {
        if (intervalSeconds <= 0) {
            return;
        }
        this.intervalSeconds = intervalSeconds;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tombo-sys");
            t.setDaemon(true);
            return t;
        });
        publishOnce("$SYS/broker/version", "tombo version " + Broker.VERSION);
        timer.scheduleAtFixedRate(this::publishAll, 0, intervalSeconds, TimeUnit.SECONDS);
    }

    private void publishAll() {
        BrokerCounters c = broker.counters();
        long sessions = broker.sessions().size();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("uptime", (broker.clock().millis() - broker.startedAtMillis()) / 1000 + " seconds");
        values.put("clients/connected", c.connected());
        values.put("clients/active", c.connected());
        values.put("clients/disconnected", Math.max(0, sessions - c.connected()));
        values.put("clients/inactive", Math.max(0, sessions - c.connected()));
        values.put("clients/total", sessions);
        values.put("clients/maximum", c.maximumConnected());
        values.put("messages/received", c.messagesReceived());
        values.put("messages/sent", c.messagesSent());
        values.put("publish/messages/received", c.publishReceived());
        values.put("publish/messages/sent", c.publishSent());
        values.put("publish/messages/dropped", c.dropped());
        values.put("publish/messages/expired", c.expired());
        values.put("bytes/received", c.bytesReceived());
        values.put("bytes/sent", c.bytesSent());
        values.put("retained messages/count", broker.retained().size());
        values.put("subscriptions/count", broker.index().size());
        values.put("clients/expired", c.expiredSessions());
        Runtime rt = Runtime.getRuntime();
        values.put("heap/current", rt.totalMemory() - rt.freeMemory());
        values.put("heap/maximum", rt.maxMemory());
        load.update(Map.of("messages/received", c.messagesReceived(), "messages/sent", c.messagesSent(),
                "publish/received", c.publishReceived(), "publish/sent", c.publishSent(),
                "publish/dropped", c.dropped(), "bytes/received", c.bytesReceived(), "bytes/sent", c.bytesSent(),
                "connections", c.connections()), intervalSeconds);
        values.putAll(load.topics());
        values.forEach((k, v) -> publishIfChanged("$SYS/broker/" + k, String.valueOf(v)));
        for (Session s : broker.sessions().all()) {
            long dropped = s.dropped();
            if (dropped > 0) {
                publishIfChanged("$SYS/broker/clients/dropped/" + s.clientId(), String.valueOf(dropped));
            }
        }
    }

    private void publishIfChanged(String topic, String value) {
        if (!value.equals(lastPublished.put(topic, value))) {
            publishOnce(topic, value);
        }
    }

    private void publishOnce(String topic, String value) {
        broker.router().publish(new Message(topic, QoS.AT_MOST_ONCE, true, value.getBytes(StandardCharsets.UTF_8),
                Properties.EMPTY, 0, null));
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
