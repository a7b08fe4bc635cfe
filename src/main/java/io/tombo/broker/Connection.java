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
import io.tombo.security.Access;
import io.tombo.security.Realm;
import io.tombo.security.Realms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    private final MountPoint mountPoint;
    private State state = State.AWAITING_CONNECT;
    private ProtocolVersion version;
    private String clientId;
    private Login login;
    private Session session;
    /**
     * Kept while connected only if it carries a will (for {@link Wills} on close) or a password (for the re-check
     * after a SIGHUP): an idle anonymous client should not hold its strings and properties.
     */
    private Connect connect;
    private List<Packet> early;
    private Inbound inbound;
    private OutboundAliases outboundAliases = OutboundAliases.NONE;
    private int clientReceiveMaximum = 65535;
    private long clientMaximumPacketSize = Long.MAX_VALUE;
    /**
     * Packets held back while a session this client publishes to catches up; null when not holding. Only
     * PUBLISH, SUBSCRIBE, UNSUBSCRIBE and DISCONNECT wait, in order: acknowledgements and PINGREQ are still read
     * and handled, so two clients publishing to each other can always drain and never wait on each other.
     */
    private ArrayDeque<Packet> held;
    private long heldBytes;
    private boolean closingHeld;
    private HomeThread.Cancellable holdTimer;
    /** Past these, a client that keeps sending while held back is no longer read (its socket then fills). */
    private static final int MAX_HELD_PACKETS = 256;
    private static final long MAX_HELD_BYTES = 1 << 20;
    /** Cleared by a normal DISCONNECT [MQTT-3.1.2-10]. */
    private boolean publishWill = true;
    /** Where this client's messages go, once it publishes to someone; null otherwise or with colocation off. */
    private PublisherAffinity affinity;

    Connection(Broker broker, ClientChannel channel) {
        this.broker = broker;
        this.config = broker.config();
        this.channel = channel;
        this.mountPoint = MountPoint.of(channel.listener().mountPoint());
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
                case CONNECTED -> {
                    if (held != null && waitsWhileHeld(packet)) {
                        hold(packet);
                    } else {
                        dispatch(packet);
                    }
                }
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

    private static boolean waitsWhileHeld(Packet p) {
        return p instanceof Publish || p instanceof Subscribe || p instanceof Unsubscribe || p instanceof Disconnect;
    }

    /**
     * Holds this client's next messages back until {@code congested} has drained. The message that found it
     * congested is already routed; a QoS 1/2 publisher then waits for the PUBACKs its window needs, and 5.0
     * publishers stay within Receive Maximum. Reading stops only when a client keeps sending regardless (a QoS 0
     * flood, or a 3.x client with no window).
     */
    void holdBackFor(Session congested) {
        if (held != null || closingHeld || state != State.CONNECTED) {
            return;
        }
        held = new ArrayDeque<>();
        heldBytes = 0;
        // woken when the session drains; failing that, looks again when the session may count as stalled
        holdTimer = channel.home().schedule(() -> onHome(this::releaseHeld), congested.holdMillis(),
                TimeUnit.MILLISECONDS);
        congested.whenDrained(() -> onHome(this::releaseHeld));
    }

    private void hold(Packet packet) {
        held.addLast(packet);
        if (packet instanceof Publish p) {
            heldBytes += p.payload().length;
        }
        if (held.size() >= MAX_HELD_PACKETS || heldBytes > MAX_HELD_BYTES) {
            channel.holdReading(true);
        }
    }

    /** Replays held packets in order until one finds a congested session again. */
    private void releaseHeld() {
        ArrayDeque<Packet> waiting = held;
        if (waiting == null) {
            return;
        }
        held = null;
        holdTimer.cancel();
        channel.holdReading(false);
        while (!waiting.isEmpty() && state == State.CONNECTED && held == null) {
            onPacket(waiting.pollFirst());
        }
        if (held != null) {
            while (!waiting.isEmpty()) {
                hold(waiting.pollFirst());
            }
        }
    }

    /**
     * Runs {@code task} on this connection's home thread, following it if the connection moves meanwhile: the way
     * other threads (and callbacks registered earlier) reach a connection.
     */
    void onHome(Runnable task) {
        channel.home().execute(() -> {
            if (channel.home().inThread()) {
                task.run();
            } else {
                onHome(task);
            }
        });
    }

    /**
     * Called by {@link Inbound} after routing one of this client's messages to {@code route}'s sessions: a client
     * that only publishes, mostly to sessions of one other home thread and at a low rate, moves there
     * ({@link Colocation}).
     */
    void routed(Router.Route route) {
        Colocation policy = broker.colocation();
        // with a durable store, acknowledgements wait for commits whose callbacks know only this home: never moves
        if (!policy.enabled() || broker.persistence().durable()) {
            return;
        }
        long now = broker.clock().millis();
        HomeThread here = channel.home();
        if (affinity == null) {
            affinity = new PublisherAffinity(policy, here, now);
        }
        HomeThread target = affinity.routed(route.sessions(), here, now);
        // a session something may be on its way to stays, so that no delivery to it can overtake another
        if (target != null && held == null && state == State.CONNECTED && session.receivesNothing()
                && channel.moveTo(target)) {
            affinity.moved(now);
            broker.counters().onConnectionMoved();
            log.debug("client={} remote={} moves to {}, where its messages go", clientId, channel.remoteAddress(),
                    target);
        }
    }

    /**
     * Called by the listener on the old home thread at the moment the connection moves to {@code next}: from now
     * on, tasks for it and its session run there.
     */
    public void movedTo(HomeThread next) {
        session.moveTo(next);
        inbound.homeChanged();
    }

    private static ProtocolViolation wrongDirection(Packet p) {
        return new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, p.type() + " is sent by servers, not clients");
    }

    /** Called by {@link Handshake} once CONNECT passed its checks: credentials are checked, then the session found. */
    void connecting(Connect c, String id, Login who) {
        this.connect = c;
        this.login = who;
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
        if (connect.will() == null && connect.password() == null) {
            connect = null;
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
        if (held != null && state == State.CONNECTED) {
            // what the client sent before closing is handled as if it had not waited (its DISCONNECT included)
            ArrayDeque<Packet> waiting = held;
            held = null;
            holdTimer.cancel();
            closingHeld = true;
            waiting.forEach(this::onPacket);
        }
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
        boolean willAllowed = connect != null && connect.will() != null
                && allowed(Access.WRITE, connect.will().topic());
        Wills.onConnectionClosed(broker, s, publishWill && willAllowed ? connect : null);
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
        if (!allowed(Access.READ, m.topic())) {
            // checked here, when it leaves, as Mosquitto does: live, queued and retained messages alike, and a
            // SIGHUP'd ACL applies at once
            log.debug("client={} message on {} not delivered: not authorised by the ACL", clientId, m.topic());
            return false;
        }
        if (mountPoint.isNone() && (!version.isV5()
                || (m.expiresAtMillis() == 0 && d.subscriptionIds().isEmpty() && !outboundAliases.enabled()))) {
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
        String topic = mountPoint.strip(m.topic());
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

    /** The username the client is authorised as: the CONNECT's or its certificate's; null when anonymous. */
    String username() {
        return login == null ? null : login.username();
    }

    /** Whether the ACL of this client's realm lets it read or write {@code topic}. */
    boolean allowed(Access access, String topic) {
        return broker.realms().realm(channel.listener()).allows(access, topic, username(), clientId);
    }

    /**
     * The password and ACL files were reloaded (SIGHUP): a client the new files would refuse is disconnected, as
     * Mosquitto does; everyone else stays. A password is checked again only when the user's entry changed.
     */
    void credentialsReloaded(Realms before) {
        if (state != State.CONNECTED || login.fromCertificate()) {
            return;
        }
        Realm now = broker.realms().realm(channel.listener());
        if (now.keeps(before.realm(channel.listener()), login.username())) {
            return;
        }
        if (!now.checksPassword(login.username())) {
            revoke(now.authenticate(login.username(), null));
            return;
        }
        byte[] password = connect == null ? null : connect.password();
        broker.passwordChecks().submit(() -> now.authenticate(login.username(), password), this::onHome,
                this::revoke);
    }

    private void revoke(ReasonCode verdict) {
        if (verdict != ReasonCode.SUCCESS && state == State.CONNECTED) {
            fail(ReasonCode.ADMINISTRATIVE_ACTION, "credentials no longer accepted after reload");
        }
    }

    String clientId() {
        return clientId;
    }

    MountPoint mountPoint() {
        return mountPoint;
    }

    ClientChannel channel() {
        return channel;
    }

    boolean isOpen() {
        return state != State.CLOSED;
    }

}
