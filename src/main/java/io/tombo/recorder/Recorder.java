package io.tombo.recorder;

import io.tombo.client.AcknowledgingHandler;
import io.tombo.client.ClientOptions;
import io.tombo.client.MqttClient;
import io.tombo.client.MqttException;
import io.tombo.codec.ConnAck;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.QoS;
import io.tombo.codec.SubAck;
import io.tombo.codec.Subscription;
import io.tombo.config.RecordRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The recorder as an MQTT client of any broker: a persistent session (MQTT 5, Session Expiry "never") subscribed
 * to every rule's filter at the rule's QoS, each with its own Subscription Identifier so a message names the rules
 * it is for. Messages go to a {@link RecorderLoop}, which acknowledges them only once every sink of their rules
 * accepted them: a recorder killed before a commit gets the message again when it comes back.
 *
 * <p><b>Threading.</b> The client's receive thread hands messages over; the loop runs on its own platform thread
 * ({@code tombo-recorder}), the only caller of the sinks.
 */
public final class Recorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    /** Session Expiry Interval 0xFFFFFFFF: the session never expires [MQTT-3.1.2-23]. */
    private static final long NEVER = 0xFFFF_FFFFL;
    /** Unacknowledged messages the broker may have out to us at once: the largest batch a commit takes. */
    static final int RECEIVE_MAXIMUM = 1000;

    private final MqttClient client;
    private final RecorderLoop loop;
    private final Thread thread;
    private final RecorderCounters counters;

    private Recorder(MqttClient client, RecorderLoop loop, Thread thread, RecorderCounters counters) {
        this.client = client;
        this.loop = loop;
        this.thread = thread;
        this.counters = counters;
    }

    /**
     * Connects with {@code connection}'s address and credentials (its session settings are replaced: client id
     * {@code clientId}, no clean start, MQTT 5, automatic reconnect), subscribes to every rule, and starts recording.
     *
     * @param sinks every sink a rule may name, by name
     * @throws IllegalArgumentException if a rule names a sink that is not in {@code sinks}
     */
    public static Recorder start(List<RecordRule> rules, Map<String, Sink> sinks, DeadLetters deadLetters,
                                 ClientOptions.Builder connection, String clientId, InstantSource clock)
            throws MqttException {
        List<RecordingRule> running = resolve(rules, sinks);
        RecorderCounters counters = new RecorderCounters();
        RecorderLoop loop = new RecorderLoop(running, deadLetters, counters);
        Thread thread = Thread.ofPlatform().name("tombo-recorder").daemon().start(loop);
        AcknowledgingHandler handler = (message, ack) -> loop.offer(new Arrival(message, ack, clock.instant()));
        ClientOptions options = connection.clientId(clientId).cleanStart(false).version(ProtocolVersion.MQTT_5)
                .connectProperties(Properties.builder()
                        .put(Property.SESSION_EXPIRY_INTERVAL, NEVER)
                        .put(Property.RECEIVE_MAXIMUM, RECEIVE_MAXIMUM).build())
                .maxInflight(RECEIVE_MAXIMUM)
                .reconnect(new ClientOptions.ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30)))
                .build();
        MqttClient client;
        try {
            client = MqttClient.connect(options, handler); // a resumed session may deliver before we subscribe
            subscribe(client, running, handler);
        } catch (MqttException | RuntimeException e) {
            loop.stop();
            throw e;
        }
        client.onConnectionLost(e -> log.warn("recorder: connection to the broker lost ({}); reconnecting",
                e.getMessage()));
        client.onReconnected(ack -> log.info("recorder: reconnected, session present {}", ack.sessionPresent()));
        log.info("recorder: client={} recording {} rule(s) from {}:{}", client.clientId(), rules.size(),
                options.host(), options.effectivePort());
        return new Recorder(client, loop, thread, counters);
    }

    public RecorderCounters counters() {
        return counters;
    }

    public boolean connected() {
        return client.isConnected();
    }

    /** Disconnects, then lets the loop finish its pass; unacknowledged messages stay with the broker. */
    @Override
    public void close() {
        client.close();
        loop.stop();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<RecordingRule> resolve(List<RecordRule> rules, Map<String, Sink> sinks) {
        List<RecordingRule> result = new ArrayList<>();
        for (RecordRule rule : rules) {
            List<Sink> targets = new ArrayList<>();
            for (String name : rule.sinks()) {
                Sink sink = sinks.get(name);
                if (sink == null) {
                    throw new IllegalArgumentException(rule.source() + ": record_sink " + name
                            + " names no sink (known: " + String.join(", ", sinks.keySet()) + ")");
                }
                targets.add(sink);
            }
            result.add(new RecordingRule(rule, new PayloadReader(rule), List.copyOf(targets)));
        }
        return List.copyOf(result);
    }

    /**
     * One SUBSCRIBE per rule, with the rule's index + 1 as Subscription Identifier when the server offers them
     * (5.0 section 3.8.2.1.2); without them the loop matches topics against filters instead.
     */
    private static void subscribe(MqttClient client, List<RecordingRule> rules, AcknowledgingHandler handler)
            throws MqttException {
        ConnAck ack = client.connAck();
        Integer available = ack.properties().integer(Property.SUBSCRIPTION_IDENTIFIER_AVAILABLE);
        boolean ids = available == null || available == 1;
        for (int i = 0; i < rules.size(); i++) {
            RecordRule rule = rules.get(i).config();
            Properties props = ids ? Properties.builder().put(Property.SUBSCRIPTION_IDENTIFIER, i + 1).build()
                    : Properties.EMPTY;
            QoS qos = rule.qos() == 2 ? QoS.EXACTLY_ONCE : QoS.AT_LEAST_ONCE;
            SubAck granted;
            try {
                granted = client.subscribe(List.of(new Subscription(rule.filter(), qos)), props, handler)
                        .get(client.options().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof MqttException m ? m : new MqttException(e.getCause().toString(), e);
            } catch (TimeoutException e) {
                throw new MqttException("no SUBACK for " + rule.filter(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MqttException("interrupted while subscribing", e);
            }
            var reason = granted.reasons().getFirst();
            if (reason.isError()) {
                throw new MqttException(rule.source() + ": the broker refused the subscription to " + rule.filter()
                        + ": " + reason, reason, null, null);
            }
            if (reason.value() < qos.value()) {
                log.warn("recorder: {}: the broker granted QoS {} only for {}; messages may be lost",
                        rule.source(), reason.value(), rule.filter());
            }
        }
    }
}
