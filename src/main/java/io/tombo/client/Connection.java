package io.tombo.client;

import io.tombo.codec.Auth;
import io.tombo.codec.ConnAck;
import io.tombo.codec.Connect;
import io.tombo.codec.Disconnect;
import io.tombo.codec.MalformedPacketException;
import io.tombo.codec.Packet;
import io.tombo.codec.PacketReader;
import io.tombo.codec.PingReq;
import io.tombo.codec.PingResp;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.PubAck;
import io.tombo.codec.PubComp;
import io.tombo.codec.PubRec;
import io.tombo.codec.PubRel;
import io.tombo.codec.Publish;
import io.tombo.codec.ReasonCode;
import io.tombo.codec.SubAck;
import io.tombo.codec.Subscribe;
import io.tombo.codec.UnsubAck;
import io.tombo.codec.Unsubscribe;
import io.tombo.codec.UnsupportedProtocolVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One network connection's life: CONNECT and CONNACK, then a receive loop, a {@link PacketWriter} and
 * {@link KeepAlive}, until it ends exactly once (by the server, an I/O error, a protocol error, a keep-alive
 * time-out, or {@link #disconnect}/{@link #close} from the client).
 *
 * <pre>
 *   handshake() ──CONNACK 0x00──► (reader parked) ──start()──► receiving ──► ended ─► onLost (not after disconnect)
 *        └── refused / timed out / I/O error ──► ended, handshake() throws
 * </pre>
 *
 * <p><b>Threading.</b> One virtual thread reads and dispatches; it alone owns the inbound topic aliases and calls
 * the message handlers. The reader parks after a successful CONNACK until {@link #start} (called once the session
 * has taken the connection), so a message queued for a resumed session cannot overtake the session's set-up.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final Link link;
    private final ProtocolVersion version;
    private final PacketReader reader;
    private final PacketWriter writer;
    private final Session session;
    private final Routes routes;
    private final int topicAliasMaximum;
    private final String clientId;
    private final BiConsumer<Connection, MqttException> onLost;
    /** Server topic alias → topic, for this connection only [MQTT-3.3.2-7] (5.0). Receive thread only. */
    private final Map<Integer, String> aliases = new HashMap<>();
    private final InboundAcks owedAcks = new InboundAcks(this);
    private final CompletableFuture<ConnAck> connAck = new CompletableFuture<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile KeepAlive keepAlive;
    /** Why the connection ended after CONNACK but before {@link #start}; reported by start. */
    private volatile MqttException lossBeforeStart;

    Connection(Link link, ClientOptions options, String clientId, Session session, Routes routes,
               BiConsumer<Connection, MqttException> onLost) {
        this.link = link;
        this.version = options.version();
        Properties mine = version.isV5() ? options.connectProperties() : Properties.EMPTY;
        Long maxPacket = mine.fourByte(Property.MAXIMUM_PACKET_SIZE);
        Integer aliasMax = mine.integer(Property.TOPIC_ALIAS_MAXIMUM);
        this.reader = new PacketReader(link.in(), maxPacket == null ? PacketReader.PROTOCOL_MAXIMUM
                : (int) Math.min(maxPacket, PacketReader.PROTOCOL_MAXIMUM));
        this.topicAliasMaximum = aliasMax == null ? 0 : aliasMax;
        this.writer = new PacketWriter(link.out(), version, e -> lost(lostException(e)));
        this.session = session;
        this.routes = routes;
        this.clientId = clientId;
        this.onLost = onLost;
    }

    /**
     * Sends CONNECT and waits for CONNACK within {@code timeout}. Returns an accepting CONNACK; a refusal, a time-out
     * or a failure closes the connection and throws, naming the reason as Mosquitto's clients do.
     */
    ConnAck handshake(Connect connect, Duration timeout) throws MqttException {
        writer.start("tombo-client-writer-" + clientId);
        Thread.ofVirtual().name("tombo-client-reader-" + clientId).start(this::receive);
        writer.send(connect);
        try {
            ConnAck ack = connAck.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
            if (ack.reason().isError()) {
                close();
                throw refused(ack);
            }
            return ack;
        } catch (TimeoutException e) {
            close();
            throw new MqttException("Connection timed out: no CONNACK within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof MqttException m ? m : new MqttException(e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new MqttException("interrupted while connecting", e);
        }
    }

    /**
     * Lets the reader go on past CONNACK, and starts keep alive with the negotiated interval. A connection that died
     * between CONNACK and here (the writer failed) reports its loss now, so the client does not think it connected.
     */
    void start(int keepAliveSeconds) {
        MqttException early;
        synchronized (this) {
            keepAlive = new KeepAlive(keepAliveSeconds, writer, why ->
                    lost(new MqttException("Connection lost: " + why, ReasonCode.KEEP_ALIVE_TIMEOUT, null, null)));
            if (started.complete(null)) {
                keepAlive.start();
                return;
            }
            early = lossBeforeStart;
        }
        if (early != null) {
            onLost.accept(this, early);
        }
    }

    boolean send(Packet packet) {
        return writer.send(packet);
    }

    boolean send(Packet packet, CompletableFuture<Void> written) {
        return writer.send(packet, written);
    }

    String remote() {
        return link.remote();
    }

    /** Sends DISCONNECT after everything already queued and closes, waiting at most {@code timeout} for the flush. */
    void disconnect(Disconnect packet, Duration timeout) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        stopKeepAlive();
        try {
            writer.sendLast(packet).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("client={} remote={} DISCONNECT not written: {}", clientId, link.remote(), e.toString());
        }
        writer.stop();
        link.close();
        started.completeExceptionally(new MqttException("disconnected"));
    }

    /** Closes without DISCONNECT (the will is published) and without telling the lost-connection listener. */
    void close() {
        if (ended.compareAndSet(false, true)) {
            shutDown();
        }
    }

    private void receive() {
        try {
            Packet first = reader.read(version);
            if (first == null) {
                throw new EOFException("closed by the server before CONNACK");
            }
            if (!(first instanceof ConnAck ack)) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "expected CONNACK, got " + first.type());
            }
            connAck.complete(ack);
            if (ack.reason().isError()) {
                return;
            }
            started.get();
            for (Packet p; (p = reader.read(version)) != null; ) {
                dispatch(p);
            }
            throw new EOFException("closed by the server");
        } catch (IOException e) {
            lost(lostException(e));
        } catch (MalformedPacketException e) {
            violated(new ProtocolViolation(e.reason(), e.getMessage()));
        } catch (UnsupportedProtocolVersionException e) {
            violated(new ProtocolViolation(ReasonCode.MALFORMED_PACKET, e.getMessage()));
        } catch (ProtocolViolation e) {
            violated(e);
        } catch (ServerDisconnect e) {
            lost(e.exception);
        } catch (ExecutionException | InterruptedException notStarted) {
            // closed before start(): whoever closed it reports why
        } catch (RuntimeException e) {
            log.error("client={} remote={} receive loop failed", clientId, link.remote(), e);
            lost(new MqttException("Connection lost: " + e, e));
        }
    }

    private void dispatch(Packet packet) throws ProtocolViolation, ServerDisconnect {
        switch (packet) {
            case Publish p -> received(resolveAlias(p));
            case PubAck a -> session.pubAck(a);
            case PubRec r -> session.pubRec(r);
            case PubRel r -> writer.send(session.release(r));
            case PubComp c -> session.pubComp(c);
            case SubAck a -> session.subAck(a);
            case UnsubAck a -> session.unsubAck(a);
            case PingResp r -> keepAlive.pong();
            case Disconnect d -> throw new ServerDisconnect(d);
            case ConnAck a -> throw unexpected(packet);
            case Connect c -> throw unexpected(packet);
            case Subscribe s -> throw unexpected(packet);
            case Unsubscribe u -> throw unexpected(packet);
            case PingReq p -> throw unexpected(packet);
            case Auth a -> throw unexpected(packet); // enhanced authentication is never asked for
        }
    }

    /**
     * Delivers, then acknowledges: PUBACK once the handlers are done with it (returned, or acknowledged for an
     * {@link AcknowledgingHandler}) [MQTT-4.3.2-4] (5.0), PUBREC also for a repeat that is not delivered again
     * [MQTT-4.3.3-2] (3.1.1) / [MQTT-4.3.3-10] (5.0). {@link InboundAcks} keeps the acknowledgements in arrival
     * order [MQTT-4.6.0-2].
     */
    private void received(Publish message) {
        switch (message.qos()) {
            case AT_MOST_ONCE -> deliver(message, n -> Acknowledgement.NONE);
            case AT_LEAST_ONCE -> deliver(message, n -> owedAcks.expect(new PubAck(message.packetId()), n));
            case EXACTLY_ONCE -> {
                PubRec rec = new PubRec(message.packetId());
                if (session.firstDelivery(message.packetId())) {
                    deliver(message, n -> owedAcks.expect(rec, n));
                } else {
                    owedAcks.expect(rec, 0);
                }
            }
        }
    }

    private void deliver(Publish message, java.util.function.IntFunction<Acknowledgement> acknowledgement) {
        int handlers = routes.deliver(message, acknowledgement, (h, e) ->
                log.warn("client={} message handler failed on topic {}", clientId, message.topic(), e));
        if (handlers == 0) {
            log.debug("client={} no handler for topic {}", clientId, message.topic());
        }
    }

    /**
     * A topic alias from the server: 1 up to the maximum this client announced [MQTT-3.3.2-10] (5.0), a topic
     * name sets the mapping and an empty one uses it; the delivered message carries the full topic, not the alias.
     */
    private Publish resolveAlias(Publish p) throws ProtocolViolation {
        Integer alias = p.properties().integer(Property.TOPIC_ALIAS);
        if (alias == null) {
            if (p.topic().isEmpty()) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "PUBLISH with neither topic nor alias");
            }
            return p;
        }
        if (alias == 0 || alias > topicAliasMaximum) {
            throw new ProtocolViolation(ReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias
                    + " outside 1.." + topicAliasMaximum + " [MQTT-3.3.2-11] (5.0)");
        }
        String topic = p.topic();
        if (topic.isEmpty()) {
            topic = aliases.get(alias);
            if (topic == null) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "unknown topic alias " + alias);
            }
        } else {
            aliases.put(alias, topic);
        }
        return new Publish(topic, p.qos(), p.retain(), p.dup(), p.packetId(),
                p.properties().without(Property.TOPIC_ALIAS), p.payload());
    }

    private static ProtocolViolation unexpected(Packet packet) {
        return new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "the server sent " + packet.type());
    }

    /** The server broke a rule: DISCONNECT with the reason (5.0) [MQTT-4.13.1-1], then close. */
    private void violated(ProtocolViolation v) {
        log.warn("client={} remote={} protocol error from the server: {}", clientId, link.remote(), v.getMessage());
        if (version.isV5() && !ended.get()) {
            try {
                writer.sendLast(new Disconnect(v.reason(), Properties.EMPTY)).get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ignored) {
                // closing anyway
            }
        }
        lost(new MqttException("Connection lost: protocol error: " + v.getMessage(), v.reason(), null, v));
    }

    private void lost(MqttException cause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        boolean wasStarted;
        synchronized (this) { // against start(): either it sees this loss or this sees it started
            wasStarted = started.isDone() && !started.isCompletedExceptionally();
            if (!wasStarted) {
                lossBeforeStart = cause;
            }
            shutDown();
        }
        if (!connAck.isDone()) {
            connAck.completeExceptionally(cause);
        } else if (wasStarted) {
            onLost.accept(this, cause);
        }
    }

    private void shutDown() {
        stopKeepAlive();
        writer.stop();
        link.close();
        started.completeExceptionally(new MqttException("closed"));
    }

    private void stopKeepAlive() {
        KeepAlive k = keepAlive;
        if (k != null) {
            k.stop();
        }
    }

    private static MqttException lostException(IOException e) {
        String why = e.getMessage();
        return new MqttException("Connection lost: " + (why == null ? e.getClass().getSimpleName() : why), e);
    }

    /**
     * CONNACK refused, in Mosquitto's words: its CONNACK string for a 3.x client ("Connection Refused: not
     * authorised."), its reason string for 5.0 ("Not authorized"), with the server's Reason String if any.
     */
    private MqttException refused(ConnAck ack) {
        String reasonString = ack.properties().string(Property.REASON_STRING);
        String words = version.isV5() ? ReasonStrings.reason(ack.reason()) : ReasonStrings.connAckV3(ack.reason());
        return new MqttException(words, ack.reason(), reasonString, null);
    }

    /** A 5.0 DISCONNECT from the server, carried out of the receive loop. */
    private static final class ServerDisconnect extends Exception {
        final MqttException exception;

        ServerDisconnect(Disconnect d) {
            super(null, null, false, false);
            String reasonString = d.properties().string(Property.REASON_STRING);
            this.exception = new MqttException("Connection lost: the server sent DISCONNECT: "
                    + ReasonStrings.reason(d.reason()) + (reasonString == null ? "" : " (" + reasonString + ")"),
                    d.reason(), reasonString, null);
        }
    }
}
