/**
 * The broker core: what MQTT keeps per client and how a message travels from a publisher to its subscribers.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.tombo.broker.Connection} — one socket's protocol state machine, CONNECT to close; the one
 *       place where a protocol error becomes a reason code. {@link io.tombo.broker.Handshake} answers CONNECT,
 *       {@link io.tombo.broker.Inbound} the client's PUBLISH, PUBREL, SUBSCRIBE and UNSUBSCRIBE.</li>
 *   <li>{@link io.tombo.broker.Session} — the state the spec keeps per client identifier: subscriptions,
 *       outbound messages in flight ({@link io.tombo.broker.Inflight}), the queue, inbound QoS 2 identifiers,
 *       the pending will.</li>
 *   <li>{@link io.tombo.broker.SessionRegistry} — sessions by client id, and take-over between connections.</li>
 *   <li>{@link io.tombo.broker.SubscriptionIndex} — the topic tree every publish is matched against;
 *       {@link io.tombo.broker.RetainedMessages} — the last retained message per topic.</li>
 *   <li>{@link io.tombo.broker.Router} — match, merge overlapping subscriptions, hand to each session.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Every connection and the session attached to it belong to one home thread, the connection's event loop
 * ({@link io.tombo.broker.HomeThread}); nothing else touches their mutable state. The indexes shared between
 * threads are concurrent maps, read without a lock on the publish path. A publish is matched on the publisher's
 * thread and handed to each subscriber's home thread by {@link io.tombo.broker.Session#deliver}.
 *
 * <h2>Invariants</h2>
 * A session is attached to at most one connection; an outbound QoS 1/2 message is in flight under one packet
 * identifier until acknowledged and is resent with DUP on reconnect; the in-flight window never exceeds the
 * client's Receive Maximum; every message that does not fit a bounded queue is counted and logged. With a durable
 * store, nothing an acknowledgement or an outbound PUBLISH/PUBREL depends on is sent before it is committed.
 *
 * <p>The core sees no Netty and no JDBC: the network is behind {@link io.tombo.broker.ClientChannel}, durable
 * state behind {@link io.tombo.store.Store}.
 */
package io.tombo.broker;
