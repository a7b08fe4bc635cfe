/**
 * The MQTT wire format: bytes in, typed packets out, and back, for MQTT 3.1, 3.1.1 and 5.0.
 *
 * <h2>What it owns</h2>
 * One sealed {@link io.tombo.codec.Packet} type with a record per control packet, shared by every protocol
 * version: fields a version lacks hold {@link io.tombo.codec.Properties#EMPTY} and
 * {@link io.tombo.codec.ReasonCode#SUCCESS}, and version differences (3.x CONNACK return codes, SUBACK 0x80,
 * omitted reasons) are settled here, at the edge, so the broker core speaks MQTT 5 reason codes only.
 * <ul>
 *   <li>{@link io.tombo.codec.PacketDecoder}: framing ({@code readFixedHeader}, which never moves the buffer)
 *       and strict decoding of a whole body, delegating to {@code ConnectDecoder}, {@code PublishDecoder},
 *       {@code SubscriptionDecoder} and {@code PropertiesDecoder} over a bounds-checked {@code WireReader}.</li>
 *   <li>{@link io.tombo.codec.PacketEncoder}: sizing and writing, mirrored by {@code ConnectEncoder},
 *       {@code SubscriptionEncoder}, {@code PropertiesEncoder} and {@code WireWriter}.</li>
 *   <li>{@link io.tombo.codec.Topics}: topic name, filter and shared-subscription syntax.</li>
 * </ul>
 *
 * <h2>Threading and dependencies</h2>
 * Stateless: every method is a pure function of its arguments, so any thread may call it and nothing is
 * shared. JDK only (no Netty), because the client library, the CLI and the bridge use it without a Netty
 * pipeline. Per-connection state (the negotiated version, topic aliases, packet size limits, which side may
 * send which packet) belongs to the connection, which passes the version in.
 *
 * <h2>Strictness</h2>
 * The decoder accepts exactly what the spec allows and nothing else, because a lenient broker becomes the
 * reference its clients are tested against. Every input either decodes or throws
 * {@link io.tombo.codec.MalformedPacketException} (with the reason the spec assigns: MALFORMED_PACKET for
 * bytes that do not parse, PROTOCOL_ERROR for well-formed packets that break a rule, TOPIC_NAME_INVALID,
 * TOPIC_ALIAS_INVALID) or {@link io.tombo.codec.UnsupportedProtocolVersionException}; never an
 * IndexOutOfBoundsException, and never an allocation larger than the body already received. Rules are cited
 * by id beside the code ({@code [MQTT-1.5.4-1]}) and in the tests, so conformance is a grep. Deliberate
 * tolerances are few and named: control characters and non-characters in strings (spec 1.5.4 lets a receiver
 * choose), client ids of any length, and bit 7 of the CONNECT protocol level (Mosquitto bridges set it).
 *
 * <p>The encoder refuses, with IllegalArgumentException, to write a packet its peer would have to reject.
 */
package io.tombo.codec;
