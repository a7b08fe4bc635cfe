package io.tombo.broker;

import io.tombo.codec.ConnAck;
import io.tombo.codec.Connect;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.QoS;
import io.tombo.codec.ReasonCode;
import io.tombo.codec.Topics;
import io.tombo.config.BrokerConfig;
import io.tombo.config.ListenerConfig;
import io.tombo.security.Access;
import io.tombo.security.Realm;
import io.tombo.store.Change;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Checks a CONNECT and answers it: client identifier rules, will limits, credentials ({@link Authentication}),
 * keep alive, the will's ACL, then the session (new, resumed or taken over) and the CONNACK with the properties a 5.0 client needs to know. A refusal
 * is a CONNACK with the reason, then close [MQTT-3.2.2-6]. Runs on the connection's home thread.
 */
final class Handshake {
    private static final Logger log = LoggerFactory.getLogger(Handshake.class);
    private static final long NEVER = -1;

    private final Broker broker;
    private final BrokerConfig config;
    private final ClientChannel channel;
    private final Connection connection;

    Handshake(Broker broker, ClientChannel channel, Connection connection) {
        this.broker = broker;
        this.config = broker.config();
        this.channel = channel;
        this.connection = connection;
    }

    void begin(Connect c) throws ProtocolViolation {
        ProtocolVersion v = c.version();
        ListenerConfig l = channel.listener();
        Realm realm = broker.realms().realm(l);
        Login login = Login.of(c, l, channel.peerCertificate().orElse(null));
        if (login == null) {
            refuse(c, ReasonCode.NOT_AUTHORIZED, "no client certificate to take the username from");
            return;
        }
        String id = c.clientId();
        boolean assigned = false;
        if (realm.useUsernameAsClientId()) {
            if (login.username() == null) {
                refuse(c, ReasonCode.NOT_AUTHORIZED, "use_username_as_clientid needs a username"); // as Mosquitto
                return;
            }
            id = login.username();
        }
        if (id.isEmpty()) {
            // 3.1 needs an id; 3.1.1 allows none only with a clean session [MQTT-3.1.3-7] [MQTT-3.1.3-8]
            if (v == ProtocolVersion.MQTT_3_1 || (!v.isV5() && !c.cleanStart())
                    || !perListener(l.allowZeroLengthClientId(), config.allowZeroLengthClientId())) {
                refuse(c, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "empty client id");
                return;
            }
            id = perListener(l.autoIdPrefix(), config.autoIdPrefix()) + UUID.randomUUID(); // [MQTT-3.1.3-6]
            assigned = true;
        } else if (v == ProtocolVersion.MQTT_3_1 && id.length() > 23) {
            refuse(c, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "3.1 client id longer than 23 characters");
            return;
        }
        if (config.clientidPrefixes() != null && !id.startsWith(config.clientidPrefixes())) {
            refuse(c, ReasonCode.NOT_AUTHORIZED, "client id without prefix " + config.clientidPrefixes());
            return;
        }
        if (v.isV5() && c.properties().has(Property.AUTHENTICATION_METHOD)) {
            refuse(c, ReasonCode.BAD_AUTHENTICATION_METHOD, "enhanced authentication is not offered");
            return;
        }
        if (c.will() != null && refusedWill(c, l)) {
            return;
        }
        String clientId = id;
        boolean idAssigned = assigned;
        connection.connecting(c, clientId, login);
        new Authentication(broker, channel, realm).check(c, login, clientId, reason -> {
            if (!connection.isOpen()) {
                return; // the client left while its password was being checked
            }
            if (reason != ReasonCode.SUCCESS) {
                // failed authentication: CONNACK with the reason, then close [MQTT-3.1.4-2] (5.0); packets
                // that arrived meanwhile are never processed [MQTT-3.1.4-5] (3.1.1) [MQTT-3.1.4-6] (5.0)
                refuse(c, reason, reason == ReasonCode.SERVER_BUSY ? "too many logins being checked"
                        : login.username() == null ? "anonymous access is off" : "not authorised");
                return;
            }
            open(c, realm, login, clientId, idAssigned);
        });
    }

    /** Whether the will's QoS or retain flag is refused (CONNACK sent); an invalid will topic is a violation. */
    private boolean refusedWill(Connect c, ListenerConfig l) throws ProtocolViolation {
        if (!Topics.isValidName(c.will().topic())) {
            throw new ProtocolViolation(ReasonCode.TOPIC_NAME_INVALID, "invalid will topic"); // [MQTT-3.1.3-11]
        }
        if (c.version().isV5() && c.will().qos().value() > l.maxQos()) {
            refuse(c, ReasonCode.QOS_NOT_SUPPORTED, "will QoS above maximum QoS"); // [MQTT-3.2.2-12]
            return true;
        }
        if (c.version().isV5() && c.will().retain() && !config.retainAvailable()) {
            refuse(c, ReasonCode.RETAIN_NOT_SUPPORTED, "retained will without retain support"); // [MQTT-3.2.2-13]
            return true;
        }
        return false;
    }

    /** Credentials accepted: the session is found or made. */
    private void open(Connect c, Realm realm, Login login, String clientId, boolean assigned) {
        int keepAlive = c.keepAliveSeconds();
        Integer serverKeepAlive = null;
        if (config.maxKeepalive() > 0 && keepAlive > config.maxKeepalive()) {
            // A 3.x client cannot be told another keep alive: Mosquitto 2.0.11 accepts it as asked, and so do we.
            if (c.version().isV5()) {
                keepAlive = config.maxKeepalive();
                serverKeepAlive = keepAlive; // [MQTT-3.2.2-21]
            }
        }
        Connect accepted = c;
        if (c.will() != null && !realm.allows(Access.WRITE, c.will().topic(), login.username(), clientId)) {
            // Mosquitto accepts the connection and never publishes the will
            log.info("client={} remote={} will on {} dropped: not authorised by the ACL", clientId,
                    channel.remoteAddress(), c.will().topic());
            accepted = new Connect(c.version(), c.clientId(), c.cleanStart(), c.keepAliveSeconds(), c.username(),
                    c.password(), null, c.properties());
            connection.connecting(accepted, clientId, login);
        }
        Connect mounted = connection.mountPoint().mountWill(accepted);
        if (mounted != accepted) {
            connection.connecting(mounted, clientId, login);
        }
        Connect connect = mounted;
        Integer advertisedKeepAlive = serverKeepAlive;
        int effectiveKeepAlive = keepAlive;
        broker.sessions().open(clientId, c.cleanStart(), channel.home(),
                (session, resumed) -> finish(connect, session, resumed, assigned, advertisedKeepAlive,
                        effectiveKeepAlive));
    }

    private void finish(Connect c, Session session, boolean resumed, boolean assigned, Integer serverKeepAlive,
                        int keepAlive) {
        session.expiryInterval(sessionExpiry(c));
        if (!connection.isOpen()) {
            abandon(session);
            return;
        }
        session.disconnectedAtMillis(0);
        session.durableWill(Wills.stored(broker, session, c));
        List<Change> changes = new ArrayList<>(1);
        if (session.persists()) {
            changes.add(new Change.PutSession(session.clientId(), session.expiryInterval(), 0, session.durableWill()));
        } else if (resumed && broker.persistence().durable()) {
            changes.add(new Change.DeleteSession(session.clientId())); // resumed with expiry 0: no longer kept
        }
        // the session is on disk before CONNACK says it is present
        broker.persistence().apply(changes, channel.home(), channel, () -> {
            if (!connection.isOpen()) {
                abandon(session);
                return;
            }
            accept(c, session, resumed, assigned, serverKeepAlive, keepAlive);
        });
    }

    /** The client went away while its session was being found or stored. */
    private void abandon(Session session) {
        if (session.expiryInterval() == 0) {
            broker.sessions().end(session);
        } else {
            session.scheduleExpiry(() -> broker.sessions().expire(session));
        }
    }

    private void accept(Connect c, Session session, boolean resumed, boolean assigned, Integer serverKeepAlive,
                        int keepAlive) {
        InboundLimits limits = broker.inboundLimits(channel.listener());
        // session present only when a session was resumed [MQTT-3.2.2-2] [MQTT-3.2.2-3]
        channel.send(new ConnAck(resumed, ReasonCode.SUCCESS, connAckProperties(c, session, limits, assigned,
                serverKeepAlive)), c.version());
        channel.readIdleTimeout(keepAlive == 0 ? 0 : keepAlive * 1500L); // [MQTT-3.1.2-24] (3.1.1) / [MQTT-3.1.2-22] (5.0)
        if (config.log().connectionMessages()) {
            log.info("client={} remote={} connected (p{}, c{}, k{}{})", session.clientId(), channel.remoteAddress(),
                    c.version().level(), c.cleanStart() ? 1 : 0, keepAlive,
                    connection.username() == null ? "" : ", u'" + connection.username() + "'");
        }
        connection.connected(session, limits);
    }

    /** What a 5.0 client must know of the server's limits (Mosquitto's values where it sends them). */
    private Properties connAckProperties(Connect c, Session session, InboundLimits limits, boolean assigned,
                                         Integer serverKeepAlive) {
        if (!c.version().isV5()) {
            return Properties.EMPTY;
        }
        Properties.Builder b = Properties.builder();
        if (limits.receiveMaximum() < 65535) {
            b.put(Property.RECEIVE_MAXIMUM, limits.receiveMaximum());
        }
        b.put(Property.TOPIC_ALIAS_MAXIMUM, limits.topicAliasMaximum());
        if (!limits.retainAvailable()) {
            b.put(Property.RETAIN_AVAILABLE, 0);
        }
        if (limits.maximumQos() != QoS.EXACTLY_ONCE) {
            b.put(Property.MAXIMUM_QOS, limits.maximumQos().value());
        }
        if (config.maxPacketSize() > 0) {
            b.put(Property.MAXIMUM_PACKET_SIZE, (long) config.maxPacketSize());
        }
        if (assigned) {
            b.put(Property.ASSIGNED_CLIENT_IDENTIFIER, session.clientId());
        }
        if (serverKeepAlive != null) {
            b.put(Property.SERVER_KEEP_ALIVE, serverKeepAlive);
        }
        return b.build();
    }

    /** Seconds the session outlives its connection: 0 ends it with the connection, -1 never. */
    private long sessionExpiry(Connect c) {
        if (c.version().isV5()) {
            Long requested = c.properties().fourByte(Property.SESSION_EXPIRY_INTERVAL);
            return requested == null ? 0 : expirySeconds(requested);
        }
        if (c.cleanStart()) {
            return 0;
        }
        return config.persistentClientExpiration() > 0 ? config.persistentClientExpiration() : NEVER;
    }

    /** 0xFFFFFFFF means the session never expires (5.0 spec 3.1.2.11.2). */
    static long expirySeconds(long wire) {
        return wire == 0xFFFFFFFFL ? NEVER : wire;
    }

    /** A security setting: the listener's own with {@code per_listener_settings true}, else the global one. */
    private <T> T perListener(T listenerValue, T globalValue) {
        return config.perListenerSettings() && listenerValue != null ? listenerValue : globalValue;
    }

    private void refuse(Connect c, ReasonCode reason, String why) {
        log.info("remote={} client={} refused: {} ({})", channel.remoteAddress(), c.clientId(), why, reason);
        // a refused CONNACK has session present 0 and is followed by close [MQTT-3.2.2-4] [MQTT-3.2.2-5]
        channel.send(new ConnAck(false, reason, Properties.EMPTY), c.version());
        channel.close();
    }
}
