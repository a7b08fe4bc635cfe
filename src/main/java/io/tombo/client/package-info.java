/**
 * Tombo's MQTT client: what {@code tombo pub/sub/rr}, the benchmark tool, the bridge and the recorder use to talk to
 * any broker, in MQTT 3.1, 3.1.1 and 5.0, over TCP, TLS, WebSocket (plain and TLS) and Unix sockets.
 *
 * <h2>What it owns</h2>
 * <ul>
 *   <li>{@link io.tombo.client.MqttClient}: the public face (connect, publish, subscribe, unsubscribe, disconnect)
 *       and the connection's life cycle, including automatic reconnect.</li>
 *   <li>{@code Session}: the state that outlives a connection (spec 4.1): publishes waiting for the in-flight
 *       window and in flight, SUBSCRIBE/UNSUBSCRIBE awaiting acknowledgement, the server's QoS 2 identifiers awaiting
 *       PUBREL, granted subscriptions (to make again when a reconnect finds no session), packet identifiers.</li>
 *   <li>{@code Connection}: one network connection: CONNECT/CONNACK, the receive loop, inbound topic aliases,
 *       protocol errors, and ending exactly once. {@code PacketWriter} and {@code KeepAlive} serve it.</li>
 *   <li>{@code Link} and its transports ({@code SocketLink}, {@code UnixLink}, {@code WebSocketLink}), opened by
 *       {@code Dialer}; {@code TlsContexts} and {@link io.tombo.security.Pem} read TLS material with the JDK only.</li>
 *   <li>{@code Routes} and {@link io.tombo.client.TopicFilter}: which {@link io.tombo.client.MessageHandler} gets a
 *       message.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * <pre>
 *   caller threads ── publish / subscribe ──► Session (one lock: its monitor) ──► PacketWriter queue
 *                                                                                    │ one virtual thread:
 *                                                                                    │ drain, encode, flush once
 *   socket ◄──────────────────────────────────────────────────────────────────────────┘
 *   socket ──► reader (one virtual thread) ──► acknowledgements ──► Session
 *                                          └─► PUBLISH ──► handlers, then PUBACK/PUBREC
 *   shared daemon timer ("tombo-client-timer") ──► KeepAlive: PINGREQ when idle, loss without PINGRESP
 *   reconnect (a virtual thread while reconnecting) ──► back-off sleep, Dialer, Connection, Session.attach
 * </pre>
 * Each connection costs two virtual threads and no platform thread, so the benchmark tool can hold thousands. The
 * session has several writers (callers, the reader, the reconnect thread), so unlike the broker's sessions it is
 * guarded by one lock, held only to update maps and queue packets, never around I/O or user code; futures are
 * completed after it is released. Everything else has one owner: the reader owns the topic aliases and calls the
 * handlers, the writer owns the socket's output, the timer owns keep-alive checks.
 *
 * <h2>Writing</h2>
 * Any thread queues packets; the writer thread takes the whole queue, encodes it into one 64 KiB buffer (larger
 * packets are written straight through) and flushes once per batch. Under load many publishes share one system
 * call; alone, a packet is written at once. A QoS 0 publish completes when the flush that carried it returns.
 *
 * <h2>Flow control and limits</h2>
 * QoS 1/2 publishes get a packet identifier (1..65535, not in use, round-robin) only when they enter the in-flight
 * window, min({@link io.tombo.client.ClientOptions#maxInflight()}, the server's Receive Maximum). Beyond it
 * {@code publish()} does not block and drops nothing: messages wait in publish order and go out as
 * acknowledgements free slots. That queue is not bounded; a producer faster than the broker should pace itself on
 * its futures or {@link io.tombo.client.MqttClient#unfinishedPublishes()}. A publish above the server's Maximum
 * Packet Size, or asking for a QoS or retain the server does not offer, fails its future at once with the reason
 * code. Inbound packets are framed by {@link io.tombo.codec.PacketReader}, which checks the size this client
 * announced (5.0 Maximum Packet Size) before reading a body. Outgoing topic aliases are not made (the server's
 * Topic Alias Maximum therefore needs no honouring); the server's aliases are resolved, so handlers always see
 * full topics.
 *
 * <h2>Sessions and reconnect</h2>
 * On CONNACK with Session Present the unacknowledged PUBLISHes are sent again with DUP and the PUBRELs again, in
 * order. Without it the client drops the server-side half: the server's QoS 2 identifiers are forgotten, QoS 2
 * messages the server already PUBRECed complete, other unacknowledged publishes go out again as new ones, and the
 * granted subscriptions are made again with their handlers and properties. With a
 * {@link io.tombo.client.ClientOptions.ReconnectPolicy} a lost connection (never a refused first connect, never
 * {@code disconnect()}) is retried with exponential back-off until it succeeds or the client is closed, and
 * publishes wait through the outage; without one, everything unfinished fails with "Connection lost: ...".
 *
 * <h2>Errors</h2>
 * Every failure is an {@link io.tombo.client.MqttException}; its message uses Mosquitto's words where the CLI
 * prints it (CONNACK refusals: "Connection Refused: not authorised." in 3.x, "Not authorized" in 5.0, see
 * {@link io.tombo.client.ReasonStrings}; "Connection refused" when nobody listens; "Connection lost: ..." after),
 * and {@link io.tombo.client.MqttException#reason()} carries the reason code. A protocol error by the server ends
 * the connection with DISCONNECT and the reason code (5.0) [MQTT-4.13.1-1]. {@code close()} never hangs: the final
 * DISCONNECT gets at most the connect time-out to leave, and a TLS close one second.
 *
 * <h2>Dependencies</h2>
 * The codec, the JDK and SLF4J only (no Netty, checked by ArchitectureTest): WebSocket is the JDK's
 * {@code java.net.http.WebSocket}, TLS is {@code javax.net.ssl}, PEM keys are unwrapped by hand ({@code Der}).
 */
package io.tombo.client;
