package io.tombo.client;

import io.tombo.codec.ConnAck;
import io.tombo.codec.Connect;
import io.tombo.codec.Disconnect;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.SubAck;
import io.tombo.codec.Subscribe;
import io.tombo.codec.Subscription;
import io.tombo.codec.UnsubAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Tombo's MQTT client: 3.1, 3.1.1 and 5.0 over TCP, TLS, WebSocket or a Unix socket, on Tombo's own codec. See the
 * package documentation for the threading model, flow control and reconnects.
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
 * acknowledgement, lost connection or close. They complete on the client's own threads (receive, write, timer):
 * chain with the {@code ...Async} variants, or call {@code get} from your own thread, if the next step blocks.
 * Never block on a future inside a {@link MessageHandler}: the acknowledgement it waits for is read by the thread
 * the handler runs on.
 */
public final class MqttClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttClient.class);

    private final ClientOptions options;
    private final Dialer dialer;
    private final Routes routes = new Routes();
    private final Session session;
    private final Object lifecycle = new Object();
    private volatile Connection current;
    private volatile ConnAck connAck;
    private volatile boolean closed;
    private volatile String clientId;
    private volatile Consumer<MqttException> lostListener = e -> { };
    private volatile Consumer<ConnAck> reconnectedListener = a -> { };
    private Thread reconnector;

    private MqttClient(ClientOptions options) throws MqttException {
        this.options = options;
        this.dialer = new Dialer(options);
        this.clientId = options.clientId();
        this.session = new Session(options.version(), options.maxInflight(), options.reconnect() != null, routes,
                ServerLimits.unknown(options.keepAliveSeconds()));
    }

    /** Connects (blocking up to {@link ClientOptions#connectTimeout()}) and returns the connected client. */
    public static MqttClient connect(ClientOptions options) throws MqttException {
        return connectWith(options, null);
    }

    /**
     * Connects with a default handler already in place, so that messages a resumed session delivers right after
     * CONNACK (before the caller could set one) are not lost.
     */
    public static MqttClient connect(ClientOptions options, MessageHandler defaultHandler) throws MqttException {
        return connectWith(options, defaultHandler);
    }

    /**
     * Connects with a default handler that acknowledges messages itself: a persistent session resumed with
     * messages waiting hands them to it before any subscribe could name a handler.
     */
    public static MqttClient connect(ClientOptions options, AcknowledgingHandler defaultHandler)
            throws MqttException {
        return connectWith(options, defaultHandler);
    }

    private static MqttClient connectWith(ClientOptions options, Object defaultHandler) throws MqttException {
        MqttClient client = new MqttClient(options);
        client.routes.defaultHandler(defaultHandler);
        client.connectOnce();
        return client;
    }

    /** The server's CONNACK (session present, assigned client id, server limits) of the current connection. */
    public ConnAck connAck() {
        return connAck;
    }

    /** The client identifier in use: the one asked for, or the one a 5.0 server assigned. */
    public String clientId() {
        return clientId;
    }

    public ClientOptions options() {
        return options;
    }

    public CompletableFuture<Void> publish(String topic, byte[] payload, QoS qos, boolean retain) {
        return publish(new Publish(topic, qos, retain, false, 0, Properties.EMPTY, payload));
    }

    /**
     * Publishes {@code message} (its packet id and DUP flag are ignored: the client assigns them; a Topic Alias or
     * Subscription Identifier property is dropped, as a client may not send the latter [MQTT-3.3.4-6] (5.0) and this
     * client makes no outgoing aliases). Completes when the QoS flow is done: once written for QoS 0, at PUBACK for 1,
     * at PUBCOMP for 2; exceptionally for a reason code of 0x80 or above, for a packet above the server's Maximum
     * Packet Size [MQTT-3.2.2-15], a QoS or retain flag the server does not support, or a lost connection.
     *
     * <p>Never blocks: beyond the in-flight window (min(maxInflight, the server's Receive Maximum)) messages wait in
     * order inside the client and go out as acknowledgements free the window. With reconnect on they also wait
     * through a lost connection.
     */
    public CompletableFuture<Void> publish(Publish message) {
        Properties props = message.properties().without(Property.TOPIC_ALIAS).without(Property.SUBSCRIPTION_IDENTIFIER);
        Publish clean = new Publish(message.topic(), message.qos(), message.retain(), false, 0, props,
                message.payload());
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.publish(clean, done);
        return done;
    }

    /**
     * Subscribes; messages matching these filters go to {@code handler} (or the default handler when null). The
     * handler is in place before SUBSCRIBE leaves, since the server may send matching messages (retained ones) before
     * its SUBACK. Completes with the SUBACK, whose reasons say per filter what was granted or refused (a refused
     * filter's handler is removed); exceptionally only when the connection is lost first.
     */
    public CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions, Properties properties,
                                               MessageHandler handler) {
        CompletableFuture<SubAck> done = new CompletableFuture<>();
        session.subscribe(new Subscribe(1, List.copyOf(subscriptions), properties), handler, done);
        return done;
    }

    /**
     * Subscribes as {@link #subscribe(List, Properties, MessageHandler)}, with a handler that acknowledges each
     * QoS 1/2 message itself, when it is done with it (after a commit, say).
     */
    public CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions, Properties properties,
                                               AcknowledgingHandler handler) {
        CompletableFuture<SubAck> done = new CompletableFuture<>();
        session.subscribe(new Subscribe(1, List.copyOf(subscriptions), properties), handler, done);
        return done;
    }

    public CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions, MessageHandler handler) {
        return subscribe(subscriptions, Properties.EMPTY, handler);
    }

    /** Unsubscribes; the filters' handlers are removed when the UNSUBACK arrives. */
    public CompletableFuture<UnsubAck> unsubscribe(List<String> topicFilters, Properties properties) {
        CompletableFuture<UnsubAck> done = new CompletableFuture<>();
        session.unsubscribe(List.copyOf(topicFilters), properties, done);
        return done;
    }

    public CompletableFuture<UnsubAck> unsubscribe(List<String> topicFilters) {
        return unsubscribe(topicFilters, Properties.EMPTY);
    }

    /**
     * Messages no subscription handler claimed (e.g. from a session resumed with old subscriptions). To catch the
     * ones a resumed session sends at once, pass it to {@link #connect(ClientOptions, MessageHandler)} instead.
     */
    public void defaultHandler(MessageHandler handler) {
        routes.defaultHandler(handler);
    }

    /**
     * Called when the connection ends other than by {@link #disconnect}, with the cause: "Connection lost: ..." and,
     * for a 5.0 DISCONNECT from the server, its reason code and Reason String. Without reconnect that happens once;
     * with reconnect, once per lost connection, before the client starts reconnecting.
     */
    public void onConnectionLost(Consumer<MqttException> listener) {
        this.lostListener = listener == null ? e -> { } : listener;
    }

    /** Called on the reconnect thread each time an automatic reconnect succeeds, with the new CONNACK. */
    public void onReconnected(Consumer<ConnAck> listener) {
        this.reconnectedListener = listener == null ? a -> { } : listener;
    }

    public boolean isConnected() {
        return current != null;
    }

    /** QoS 1/2 publishes not yet complete (waiting for the window or in flight); a bench can pace itself on it. */
    public int unfinishedPublishes() {
        return session.unfinished();
    }

    /**
     * Sends DISCONNECT (with {@code packet}'s reason and properties in 5.0) after everything already queued, and
     * closes; waits at most the connect time-out for that. Publishes still unfinished fail. Stops reconnecting.
     */
    public void disconnect(Disconnect packet) {
        Connection c;
        Thread r;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            c = current;
            current = null;
            r = reconnector;
        }
        if (r != null) {
            r.interrupt();
        }
        if (c != null) {
            c.disconnect(packet, options.connectTimeout());
        }
        session.close(new MqttException("The client disconnected before the flow completed."));
    }

    public void disconnect() {
        disconnect(Disconnect.NORMAL);
    }

    /** Disconnects normally if still connected. */
    @Override
    public void close() {
        disconnect();
    }

    private ConnAck connectOnce() throws MqttException {
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        Link link;
        try {
            link = dialer.dial(options.connectTimeout());
        } catch (IOException e) {
            throw networkFailure(e);
        }
        Connection c = new Connection(link, options, clientId.isEmpty() ? "(auto)" : clientId, session, routes,
                this::connectionLost);
        ConnAck ack = c.handshake(connectPacket(), Duration.ofNanos(deadline - System.nanoTime()));
        String assigned = ack.properties().string(Property.ASSIGNED_CLIENT_IDENTIFIER);
        if (assigned != null) {
            clientId = assigned; // a reconnect must name the session it wants back
        }
        synchronized (lifecycle) {
            if (closed) {
                c.close();
                throw new MqttException("The client was closed while connecting.");
            }
            current = c;
            connAck = ack;
        }
        ServerLimits limits = ServerLimits.of(ack, options.keepAliveSeconds());
        session.attach(c, ack, limits);
        c.start(limits.keepAliveSeconds());
        log.debug("client={} remote={} connected, session present {}", clientId, c.remote(), ack.sessionPresent());
        return ack;
    }

    private Connect connectPacket() throws MqttException {
        Connect connect = new Connect(options.version(), clientId, options.cleanStart(), options.keepAliveSeconds(),
                options.username(), options.password(), options.will(),
                options.version().isV5() ? options.connectProperties() : Properties.EMPTY);
        try {
            io.tombo.codec.PacketEncoder.encodedLength(connect, options.version());
        } catch (IllegalArgumentException e) {
            throw new MqttException("Invalid CONNECT: " + e.getMessage(), e);
        }
        return connect;
    }

    private MqttException networkFailure(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SSLException) {
            why = "TLS handshake failed: " + why;
        }
        return new MqttException(why + " (" + dialer.target() + ")", e);
    }

    private void connectionLost(Connection c, MqttException cause) {
        boolean retry;
        synchronized (lifecycle) {
            if (c != current) {
                return;
            }
            current = null;
            retry = options.reconnect() != null && !closed;
        }
        log.info("client={} remote={} {}", clientId, c.remote(), cause.getMessage());
        session.detach(c, cause, retry);
        try {
            lostListener.accept(cause);
        } catch (RuntimeException e) {
            log.warn("client={} connection-lost listener failed", clientId, e);
        }
        if (retry) {
            synchronized (lifecycle) {
                if (!closed) {
                    reconnector = Thread.ofVirtual().name("tombo-client-reconnect-" + clientId)
                            .start(this::reconnect);
                }
            }
        }
    }

    /** Exponential back-off between the policy's bounds until connected or closed. */
    private void reconnect() {
        ClientOptions.ReconnectPolicy policy = options.reconnect();
        Duration delay = policy.initialDelay();
        while (!closed) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            try {
                ConnAck ack = connectOnce();
                log.info("client={} reconnected, session present {}", clientId, ack.sessionPresent());
                reconnectedListener.accept(ack);
                return;
            } catch (MqttException e) {
                log.debug("client={} reconnect failed: {}", clientId, e.getMessage());
                Duration doubled = delay.multipliedBy(2);
                delay = doubled.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : doubled;
            }
        }
    }
}
