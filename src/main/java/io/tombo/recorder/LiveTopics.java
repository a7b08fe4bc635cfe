package io.tombo.recorder;

import io.tombo.client.ClientOptions;
import io.tombo.client.MqttClient;
import io.tombo.client.MqttException;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.Subscription;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live topic tree and the broker's status, as the dashboard shows them: a clean-session client subscribed at
 * QoS 0 to {@code #} and {@code $SYS/#} keeps each topic's last payload, its time and a message count. The
 * {@code $SYS} topics (clients, subscriptions, message rates, drops) are what Mosquitto publishes too, so this
 * works against any broker. Separate from the recorder's session so that watching never duplicates or delays
 * recording. At most {@link #MAX_TOPICS} topics are kept; further ones are counted.
 *
 * <p><b>Threading.</b> The client's receive thread writes; HTTP threads read the concurrent map.
 */
public final class LiveTopics implements AutoCloseable {
    static final int MAX_TOPICS = 10_000;
    private static final int PREVIEW = 200;

    /** The last message on a topic. */
    public record Last(String payload, long time, long count, boolean retained) {
    }

    private final Map<String, Last> topics = new ConcurrentHashMap<>();
    private final AtomicLong notKept = new AtomicLong();
    private final InstantSource clock;
    private volatile MqttClient client;

    public LiveTopics(InstantSource clock) {
        this.clock = clock;
    }

    /** Connects as a watcher ({@code tombo-monitor-...}, clean start, reconnecting) with these credentials. */
    public void connect(ClientOptions.Builder connection) throws MqttException {
        ClientOptions options = connection.clientId("tombo-monitor-" + UUID.randomUUID().toString().substring(0, 8))
                .cleanStart(true)
                .reconnect(new ClientOptions.ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30)))
                .build();
        MqttClient c = MqttClient.connect(options);
        c.subscribe(List.of(new Subscription("#", QoS.AT_MOST_ONCE), new Subscription("$SYS/#", QoS.AT_MOST_ONCE)),
                this::onMessage);
        client = c;
    }

    void onMessage(Publish m) {
        Last before = topics.get(m.topic());
        if (before == null && topics.size() >= MAX_TOPICS) {
            notKept.incrementAndGet();
            return;
        }
        int n = Math.min(PREVIEW, m.payload().length);
        String preview = new String(m.payload(), 0, n, StandardCharsets.UTF_8);
        topics.put(m.topic(), new Last(preview, clock.millis(), before == null ? 1 : before.count() + 1, m.retain()));
    }

    /** Every topic seen, sorted, with its last message. */
    public Map<String, Last> snapshot() {
        return new TreeMap<>(topics);
    }

    /** The last value of {@code $SYS/broker/<name>} as a number, or null. */
    public Double sys(String name) {
        Last l = topics.get("$SYS/broker/" + name);
        if (l == null) {
            return null;
        }
        try {
            return Double.parseDouble(l.payload().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public long topicsNotKept() {
        return notKept.get();
    }

    public boolean connected() {
        MqttClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public void close() {
        MqttClient c = client;
        if (c != null) {
            c.close();
        }
    }
}
