/**
 * The network edge, and the only package that sees Netty.
 *
 * <p>{@link io.tombo.listener.MqttServer} binds one server channel per address of each {@code listener} block (TCP,
 * Unix socket, or every address of a {@code bind_interface}) on one group of event loops, one per core; each
 * accepted connection stays on one loop for life, and that loop is the home thread of its
 * {@link io.tombo.broker.Connection} and session. {@link io.tombo.listener.ListenerPipeline} builds a connection's
 * pipeline from its listener: an optional PROXY header, optional TLS ({@link io.tombo.listener.ServerTls}), for
 * {@code protocol websockets} the HTTP upgrade with {@code http_dir} files and binary frames turned into a byte
 * stream, then {@link io.tombo.listener.MqttFrameDecoder} (fixed header first, so an oversized packet is refused
 * before its body is buffered; then Tombo's strict codec) and {@link io.tombo.listener.MqttChannel} (the broker's
 * {@link io.tombo.broker.ClientChannel}: writes without flushing, one flush per event-loop pass).
 *
 * <p>Memory per connection is bounded at every stage: the PROXY header, a TLS record, an 8 KiB HTTP request, a
 * WebSocket frame (and before CONNECT, {@link io.tombo.listener.ConnectBudget}), the packet limit; reading stops
 * while a client does not read its answers or is over its inbound rate ({@link io.tombo.listener.ReadGate}).
 * {@code connect_timeout} runs from the TCP accept, so it covers a stalled TLS handshake or HTTP upgrade too.
 */
package io.tombo.listener;
