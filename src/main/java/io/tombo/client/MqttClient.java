package io.tombo.client;

import io.tombo.codec.ConnAck;
import io.tombo.codec.Disconnect;
import io.tombo.codec.Properties;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.SubAck;
import io.tombo.codec.Subscription;
import io.tombo.codec.UnsubAck;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Tombo's MQTT client: 3.1, 3.1.1 and 5.0 over TCP, TLS, WebSocket or a Unix socket, on Tombo's own codec.
 * TODO(client helper): implementation; the API below is what the CLI, bench, bridge and recorder code against.
 *
 * <pre>{@code
 * try (MqttClient c = MqttClient.connect(ClientOptions.builder().host("localhost").build())) {
 *     c.subscribe(List.of(new Subscription("sensors/#", QoS.AT_LEAST_ONCE)), m -> System.out.println(m.topic()))
 *      .get(10, SECONDS);
 *     c.publish("sensors/t", "21.5".getBytes(UTF_8), QoS.AT_LEAST_ONCE, false).get(10, SECONDS);
 * }
 * }</pre>
 *
 * Futures complete exceptionally with {@link MqttException} (naming the reason code) on refusal, negative
 * acknowledgement, lost connection or close.
 */
public final class MqttClient implements AutoCloseable {

    /** Connects (blocking up to {@link ClientOptions#connectTimeout()}) and returns the connected client. */
    public static MqttClient connect(ClientOptions options) throws MqttException {
        throw new UnsupportedOperationException("client");
    }

    /** The server's CONNACK (session present, assigned client id, server limits). */
    public ConnAck connAck() {
        throw new UnsupportedOperationException("client");
    }

    public CompletableFuture<Void> publish(String topic, byte[] payload, QoS qos, boolean retain) {
        throw new UnsupportedOperationException("client");
    }

    /**
     * Publishes {@code message} (its packet id is ignored: the client assigns one). Completes when the QoS flow is
     * done: at once for QoS 0 (written), at PUBACK for 1, at PUBCOMP for 2; exceptionally for a reason code
     * of 0x80 or above.
     */
    public CompletableFuture<Void> publish(Publish message) {
        throw new UnsupportedOperationException("client");
    }

    /** Subscribes; messages matching these filters go to {@code handler} (or the default handler when null). */
    public CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions, Properties properties,
                                               MessageHandler handler) {
        throw new UnsupportedOperationException("client");
    }

    public CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions, MessageHandler handler) {
        return subscribe(subscriptions, Properties.EMPTY, handler);
    }

    public CompletableFuture<UnsubAck> unsubscribe(List<String> topicFilters, Properties properties) {
        throw new UnsupportedOperationException("client");
    }

    /** Messages no subscription handler claimed (e.g. from a session resumed with old subscriptions). */
    public void defaultHandler(MessageHandler handler) {
        throw new UnsupportedOperationException("client");
    }

    /** Called once when the connection ends other than by {@link #disconnect}, with the cause. */
    public void onConnectionLost(Consumer<MqttException> listener) {
        throw new UnsupportedOperationException("client");
    }

    public boolean isConnected() {
        throw new UnsupportedOperationException("client");
    }

    /** Sends DISCONNECT (with {@code packet}'s reason and properties in 5.0) and closes. */
    public void disconnect(Disconnect packet) {
        throw new UnsupportedOperationException("client");
    }

    public void disconnect() {
        disconnect(Disconnect.NORMAL);
    }

    /** Disconnects normally if still connected. */
    @Override
    public void close() {
        disconnect();
    }
}
