package io.tombo.broker;

import io.tombo.codec.Auth;
import io.tombo.codec.ConnAck;
import io.tombo.codec.Connect;
import io.tombo.codec.Disconnect;
import io.tombo.codec.Packet;
import io.tombo.codec.PacketEncoder;
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
import io.tombo.codec.Subscribe;
import io.tombo.codec.Unsubscribe;
import io.tombo.codec.UnsupportedProtocolVersionException;
import io.tombo.config.BrokerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One client's network connection: the protocol state machine from CONNECT to close.
 *
 * <pre>
 *   AWAITING_CONNECT --CONNECT ok--> CONNECTING --session ready, CONNACK--> CONNECTED --DISCONNECT/close--> CLOSED
 *          \--anything else / bad CONNECT-------------------------------------------------------------/
 * </pre>
 *
 * Packets that arrive while the session is being found (CONNECTING) wait and are replayed in order.
 *
 * <p>Threading: every method runs on the channel's home thread (its event loop), which also owns the attached
 * {@link Session}. Protocol errors raised by handlers ({@link ProtocolViolation}) and by the decoder end in
 * {@link #fail}: the single place where a reason code becomes DISCONNECT (5.0) or a close (3.x).
 */
public final class Connection implements Outbound {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private enum State { AWAITING_CONNECT, CONNECTING, CONNECTED, CLOSED }

    private final Broker broker;
    private final BrokerConfig config;
    private final ClientChannel channel;
    private State state = State.AWAITING_CONNECT;
    private ProtocolVersion version;
    private String clientId;
    private Session session;
    /** Kept while connected only if it carries a will (for {@link Wills} on close). */
    private Connect connect;
    private List<Packet> early;
    private Inbound inbound;
    private OutboundAliases outboundAliases = OutboundAliases.NONE;
    private int clientReceiveMaximum = 65535;
    private long clientMaximumPacketSize = Long.MAX_VALUE;
    /** Cleared by a normal DISCONNECT [MQTT-3.1.2-10]. */
    private boolean publishWill = true;

    Connection(Broker broker, ClientChannel channel) {
        this.broker = broker;
        this.config = broker.config();
        this.channel = channel;
    }

    /** A decoded packet from the client. */
    public void onPacket(Packet packet) {
        try {
            switch (state) {
                case AWAITING_CONNECT -> {
                    if (!(packet instanceof Connect c)) {
                        throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "first packet was " + packet.type()
                                + ", not CONNECT"); // [MQTT-3.1.0-1]
                    }
                    new Handshake(broker, channel, this).begin(c);
                }
                case CONNECTING -> {
                    if (early == null) {
                        early = new ArrayList<>();
                    }
                    early.add(packet);
                }
                case CONNECTED -> dispatch(packet);
                case CLOSED -> { }
            }
        } catch (ProtocolViolation v) {
            fail(v.reason(), v.getMessage());
        }
    }

    private void dispatch(Packet packet) throws ProtocolViolation {
        switch (packet) {
            case Publish p -> inbound.publish(p);
            case PubAck a -> session.acknowledge(a.packetId());
            case PubRec r -> session.received(r.packetId(), r.reason().isError());
            case PubRel r -> inbound.release(r);
            case PubComp c -> session.completed(c.packetId());
            case Subscribe s -> inbound.subscribe(s);
            case Unsubscribe u -> inbound.unsubscribe(u);
            case PingReq p -> send(PingResp.INSTANCE);
            case Disconnect d -> disconnect(d);
            case Connect c -> throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "second CONNECT"); // [MQTT-3.1.0-2]
            case Auth a -> throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR,
                    "AUTH without an authentication method"); // [MQTT-4.12.0-1]
            case io.tombo.codec.ConnAck a -> throw wrongDirection(packet);
            case io.tombo.codec.SubAck a -> throw wrongDirection(packet);
            case io.tombo.codec.UnsubAck a -> throw wrongDirection(packet);
            case PingResp p -> throw wrongDirection(packet);
        }
    }

    private static ProtocolViolation wrongDirection(Packet p) {
        return new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, p.type() + " is sent by servers, not clients");
    }

    /** Called by {@link Handshake} once CONNECT passed its checks: the session is being found. */
    void connecting(Connect c, String id) {
        this.connect = c;
        this.version = c.version();
        this.clientId = id;
        this.state = State.CONNECTING;
    }

    /** Called by {@link Handshake} on the home thread when the session is ready and CONNACK was sent. */
    void connected(Session s, InboundLimits limits) {
        if (state != State.CONNECTING) {
            return; // the socket closed while the session was being found
        }
        this.session = s;
        this.inbound = new Inbound(broker, this, s, limits);
        Properties props = connect.properties();
        if (version.isV5()) {
            Integer rm = props.integer(Property.RECEIVE_MAXIMUM);
            clientReceiveMaximum = rm == null ? 65535 : rm;
            Long mps = props.fourByte(Property.MAXIMUM_PACKET_SIZE);
            clientMaximumPacketSize = mps == null ? Long.MAX_VALUE : mps;
            Integer tam = props.integer(Property.TOPIC_ALIAS_MAXIMUM);
            if (config.outgoingTopicAliases()) {
                outboundAliases = new OutboundAliases(tam == null ? 0 : tam);
            }
        }
        if (connect.will() == null) {
            connect = null; // nothing more to read from it: no need to hold its strings and properties
        }
        state = State.CONNECTED;
        broker.opened(this);
        broker.counters().clientConnected();
        s.dropExpired();
        s.attach(this);
        List<Packet> waiting = early;
        early = null;
        if (waiting != null) {
            waiting.forEach(this::onPacket);
        }
    }

    private void disconnect(Disconnect d) throws ProtocolViolation {
        if (version.isV5()) {
            Long expiry = d.properties().fourByte(Property.SESSION_EXPIRY_INTERVAL);
            if (expiry != null) {
                if (session.expiryInterval() == 0 && expiry != 0) {
                    // [MQTT-3.14.2-2]
                    throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "session expiry set on DISCONNECT after 0 on CONNECT");
                }
                session.expiryInterval(Handshake.expirySeconds(expiry));
            }
        }
        // DISCONNECT with 0x04 keeps the will [MQTT-3.14.4-3]
        publishWill = version.isV5() && d.reason() == ReasonCode.DISCONNECT_WITH_WILL_MESSAGE;
        closeQuietly();
    }

    /** The decoder found a malformed packet. */
    public void onMalformed(ReasonCode reason, String message) {
        fail(reason, message);
    }

    /** CONNECT asked for a protocol level Tombo does not speak [MQTT-3.1.2-2]. */
    public void onUnsupportedVersion(UnsupportedProtocolVersionException e) {
        log.info("remote={} refused: {}", channel.remoteAddress(), e.getMessage());
        channel.send(new ConnAck(false, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, Properties.EMPTY), e.replyVersion());
        closeQuietly();
    }

    /** No packet within 1.5 times the keep alive [MQTT-3.1.2-24] (3.1.1) / [MQTT-3.1.2-22] (5.0), or no CONNECT in time. */
    public void onReadIdle() {
        if (state == State.CONNECTED) {
            log.info("client={} remote={} keep alive timeout", clientId, channel.remoteAddress());
            fail(ReasonCode.KEEP_ALIVE_TIMEOUT, "keep alive timeout");
        } else {
            log.debug("remote={} sent no CONNECT in time", channel.remoteAddress());
            closeQuietly();
        }
    }

    /** The socket can take more bytes again: let the session move its queue. */
    public void onWritable() {
        if (state == State.CONNECTED) {
            session.pump();
        }
    }

    /** The socket closed, for whatever reason. */
    public void onClosed() {
        if (state == State.CONNECTED) {
            leaveSession();
        }
        state = State.CLOSED;
    }

    /**
     * The one place a protocol error becomes a reason code on the wire: 5.0 clients get DISCONNECT with it
     * (CONNACK before the connection is accepted), 3.x clients a closed socket [MQTT-4.13.1-1].
     */
    void fail(ReasonCode reason, String why) {
        if (state == State.CLOSED) {
            return;
        }
        log.info("client={} remote={} disconnected: {} ({})", clientId == null ? "?" : clientId,
                channel.remoteAddress(), why, reason);
        if (version != null && version.isV5()) {
            if (state == State.CONNECTED) {
                sendIfFits(new Disconnect(reason, Properties.EMPTY));
            }
        }
        closeQuietly();
    }

    @Override
    public void takenOver() {
        if (state != State.CONNECTED) {
            return;
        }
        log.info("client={} remote={} taken over by a new connection", clientId, channel.remoteAddress());
        if (version.isV5()) {
            send(new Disconnect(ReasonCode.SESSION_TAKEN_OVER, Properties.EMPTY));
        }
        leaveSession();
        state = State.CLOSED;
        channel.close();
    }

    /** Detaches from the session: will, expiry and the session's end as the spec says for a closed connection. */
    private void leaveSession() {
        broker.closed(this);
        broker.counters().clientDisconnected();
        Session s = session;
        s.detach();
        if (config.log().connectionMessages()) {
            log.info("client={} remote={} disconnected", clientId, channel.remoteAddress());
        }
        Wills.onConnectionClosed(broker, s, publishWill ? connect : null);
        if (s.expiryInterval() == 0) {
            broker.sessions().end(s); // [MQTT-3.1.2-6] / session expiry 0 ends with the connection
        } else {
            s.disconnectedAtMillis(broker.clock().millis());
            broker.sessions().save(s);
            s.scheduleExpiry(() -> broker.sessions().expire(s));
        }
    }

    private void closeQuietly() {
        if (state == State.CONNECTED) {
            leaveSession();
        }
        state = State.CLOSED;
        channel.close();
    }

    void send(Packet packet) {
        if (state != State.CLOSED) {
            channel.send(packet, version);
        }
    }

    /** Sends unless the client's Maximum Packet Size forbids it [MQTT-3.1.2-25]. */
    boolean sendIfFits(Packet packet) {
        if (clientMaximumPacketSize != Long.MAX_VALUE
                && PacketEncoder.encodedLength(packet, version) > clientMaximumPacketSize) {
            return false;
        }
        send(packet);
        return true;
    }

    @Override
    public boolean sendPublish(Delivery d, int packetId, boolean dup) {
        Message m = d.message();
        if (!version.isV5() || (m.expiresAtMillis() == 0 && d.subscriptionIds().isEmpty() && !outboundAliases.enabled())) {
            return sendShared(d, packetId, dup);
        }
        Properties.Builder props = null;
        if (version.isV5()) {
            props = m.properties().toBuilder();
            if (m.expiresAtMillis() != 0) {
                // the receiver sees the time left, not the original interval [MQTT-3.3.2-6]
                props.put(Property.MESSAGE_EXPIRY_INTERVAL, m.remainingExpirySeconds(broker.clock().millis()));
            }
            for (int id : d.subscriptionIds()) {
                props.put(Property.SUBSCRIPTION_IDENTIFIER, id);
            }
        }
        String topic = m.topic();
        if (props != null) {
            int alias = outboundAliases.aliasFor(topic);
            if (alias != 0) {
                props.put(Property.TOPIC_ALIAS, Math.abs(alias));
                if (alias > 0) {
                    topic = "";
                }
            }
        }
        Publish p = new Publish(topic, d.qos(), d.retainFlag(), dup, packetId,
                props == null ? Properties.EMPTY : props.build(), m.payload());
        if (!sendIfFits(p)) {
            log.debug("client={} message on {} dropped: larger than the client's maximum packet size", clientId, m.topic());
            return false;
        }
        broker.counters().onPublishSent();
        return true;
    }

    /** The common case: bytes shared with every receiver of the same shape, only the packet id differs. */
    private boolean sendShared(Delivery d, int packetId, boolean dup) {
        EncodedPublish e = d.message().encoded(version, d.qos(), d.retainFlag());
        if (e.length() > clientMaximumPacketSize) {
            log.debug("client={} message on {} dropped: larger than the client's maximum packet size", clientId,
                    d.message().topic()); // [MQTT-3.1.2-25]
            return false;
        }
        if (state != State.CLOSED) {
            channel.sendPublish(e, packetId, dup);
        }
        broker.counters().onPublishSent();
        return true;
    }

    @Override
    public void sendPubRel(int packetId) {
        send(new PubRel(packetId));
    }

    @Override
    public boolean isWritable() {
        return state == State.CONNECTED && channel.isWritable();
    }

    @Override
    public int receiveMaximum() {
        return clientReceiveMaximum;
    }

    ProtocolVersion version() {
        return version;
    }

    String clientId() {
        return clientId;
    }

    ClientChannel channel() {
        return channel;
    }

    boolean isOpen() {
        return state != State.CLOSED;
    }

}
