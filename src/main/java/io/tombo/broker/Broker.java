package io.tombo.broker;

import io.tombo.config.BrokerConfig;
import io.tombo.config.ListenerConfig;
import io.tombo.security.LoginThrottle;
import io.tombo.security.PasswordChecks;
import io.tombo.security.Realms;
import io.tombo.store.MemoryStore;
import io.tombo.store.Snapshot;
import io.tombo.store.SqliteStore;
import io.tombo.store.Store;

import io.tombo.codec.ReasonCode;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.Function;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker core's composition root: one instance per running broker, shared by every connection. Holds the
 * concurrent indexes (sessions, subscriptions, retained messages) and the router; owns no thread of its own
 * except the $SYS publisher.
 */
public final class Broker implements AutoCloseable {
    public static final String VERSION = "0.1.0";

    private volatile BrokerConfig config;
    private final InstantSource clock;
    private final BrokerCounters counters = new BrokerCounters();
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final RetainedMessages retained;
    private final SessionRegistry sessions;
    private final Router router;
    private final SysTopics sysTopics;
    private final long startedAtMillis;
    private final Store store;
    private final Persistence persistence;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile LimitsByListener inboundLimits = new LimitsByListener(null, Map.of());
    /** The listeners bound at start; a SIGHUP re-reads their security settings but not their sockets. */
    private final List<ListenerConfig> bound;
    private volatile Realms realms;
    private final PasswordChecks passwordChecks = new PasswordChecks();
    private final LoginThrottle loginThrottle;
    /** When publishers move to their subscribers' home thread; follows {@code colocate_publishers} on reload. */
    private volatile Colocation colocation;

    /**
     * A broker over {@code store}, restoring what it holds: retained messages, and sessions each owned by
     * {@code homeFor(clientId)}.
     */
    public Broker(BrokerConfig config, Store store, InstantSource clock, Function<String, HomeThread> homeFor) {
        this.config = config;
        this.clock = clock;
        this.colocation = colocationOf(config);
        this.bound = config.listeners();
        this.realms = Realms.load(config, bound); // a bad password or ACL file stops the start here
        this.loginThrottle = new LoginThrottle(clock);
        this.store = store;
        Snapshot snapshot = store.load();
        this.persistence = new Persistence(store, snapshot.lastMessageId());
        this.retained = new RetainedMessages();
        retained.restore(snapshot.retained());
        this.sessions = new SessionRegistry(index, SessionLimits.of(config), counters, clock, persistence);
        this.router = new Router(index, retained, persistence, config.upgradeOutgoingQos());
        this.sessions.router(router);
        sessions.restore(snapshot.sessions(), homeFor);
        this.startedAtMillis = clock.millis();
        this.sysTopics = new SysTopics(this);
        sysTopics.start(config.sysInterval());
    }

    /**
     * A broker for {@code config} with the store it asks for: {@code persistence true} keeps state in an SQLite
     * database under {@code persistence_location}, otherwise memory only (Mosquitto's default).
     */
    public static Broker open(BrokerConfig config, Function<String, HomeThread> homeFor) {
        return open(config, homeFor, colocationOf(config));
    }

    /** As {@link #open(BrokerConfig, Function)}, with another {@link Colocation} policy than the configuration's. */
    public static Broker open(BrokerConfig config, Function<String, HomeThread> homeFor, Colocation colocation) {
        Store store = config.persistence() ? new SqliteStore(databaseFile(config),
                config.persistenceSync() == BrokerConfig.PersistenceSync.FULL) : new MemoryStore();
        try {
            Broker broker = new Broker(config, store, InstantSource.system(), homeFor);
            broker.colocation = colocation;
            return broker;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** {@code persistence_location}/{@code persistence_file}; the location defaults to the working directory. */
    static Path databaseFile(BrokerConfig config) {
        Path dir = config.persistenceLocation() == null ? Path.of("") : config.persistenceLocation();
        return dir.resolve(config.persistenceFile());
    }

    private static Colocation colocationOf(BrokerConfig config) {
        return config.colocatePublishers() ? Colocation.DEFAULT : Colocation.OFF;
    }

    Colocation colocation() {
        return colocation;
    }

    Persistence persistence() {
        return persistence;
    }

    /**
     * Applies a re-read configuration as Mosquitto's SIGHUP does: limits, security and protocol settings take
     * effect for new connections and for the queues of live sessions; listeners stay as they were bound. The
     * password and ACL files are read again: connected clients the new files refuse are disconnected, the ACL
     * applies to the next message of everyone else.
     *
     * @throws io.tombo.security.SecurityFileException a password or ACL file is bad; nothing was changed
     */
    public void reload(BrokerConfig fresh) {
        Realms before = realms;
        Realms next = Realms.load(fresh, bound); // throws before anything changed if a file is bad
        this.config = fresh;
        this.realms = next;
        this.colocation = colocationOf(fresh);
        sessions.limits(SessionLimits.of(fresh));
        for (Connection c : connections) {
            c.onHome(() -> c.credentialsReloaded(before));
        }
    }

    /** A new network connection; the listener feeds it packets on {@code channel}'s home thread. */
    public Connection accept(ClientChannel channel) {
        return new Connection(this, channel);
    }

    public BrokerConfig config() {
        return config;
    }

    /**
     * One {@link InboundLimits} per listener and configuration, shared by the listener's connections (32 bytes less
     * per connection). Copy on write, by identity: a listener's record is large to hash, and there are few of them.
     */
    InboundLimits inboundLimits(ListenerConfig listener) {
        BrokerConfig current = config;
        LimitsByListener known = inboundLimits;
        if (known.config() != current) {
            known = new LimitsByListener(current, new IdentityHashMap<>());
        }
        InboundLimits limits = known.limits().get(listener);
        if (limits == null) {
            limits = InboundLimits.of(current, listener);
            IdentityHashMap<ListenerConfig, InboundLimits> more = new IdentityHashMap<>(known.limits());
            more.put(listener, limits);
            inboundLimits = new LimitsByListener(current, more); // a racing writer's entry is computed again later
        }
        return limits;
    }

    private record LimitsByListener(BrokerConfig config, Map<ListenerConfig, InboundLimits> limits) {
    }

    public BrokerCounters counters() {
        return counters;
    }

    Realms realms() {
        return realms;
    }

    PasswordChecks passwordChecks() {
        return passwordChecks;
    }

    LoginThrottle loginThrottle() {
        return loginThrottle;
    }

    InstantSource clock() {
        return clock;
    }

    SubscriptionIndex index() {
        return index;
    }

    RetainedMessages retained() {
        return retained;
    }

    SessionRegistry sessions() {
        return sessions;
    }

    Router router() {
        return router;
    }

    long startedAtMillis() {
        return startedAtMillis;
    }

    /** Publishes a broker log line ({@code log_dest topic}). */
    public void publishLog(String topic, String line) {
        router.publish(new Message(topic, io.tombo.codec.QoS.AT_MOST_ONCE, false,
                line.getBytes(java.nio.charset.StandardCharsets.UTF_8), io.tombo.codec.Properties.EMPTY, 0, null));
    }

    void opened(Connection c) {
        connections.add(c);
    }

    void closed(Connection c) {
        connections.remove(c);
    }

    /**
     * Disconnects every client as a shutting-down server does: 5.0 clients get DISCONNECT 0x8B, and wills are
     * published since no client asked to leave [MQTT-3.1.2-8]. Each connection is closed on its own home thread;
     * the latch opens when every DISCONNECT has been written.
     */
    public CountDownLatch disconnectAll() {
        List<Connection> all = List.copyOf(connections);
        CountDownLatch done = new CountDownLatch(all.size());
        for (Connection c : all) {
            c.onHome(() -> {
                c.fail(ReasonCode.SERVER_SHUTTING_DOWN, "server shutting down");
                done.countDown();
            });
        }
        return done;
    }

    /** Stops the $SYS thread and closes the store, committing what is queued. */
    @Override
    public void close() {
        sysTopics.close();
        passwordChecks.close();
        store.close();
    }
}
