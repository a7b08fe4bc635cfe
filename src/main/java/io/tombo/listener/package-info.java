/**
 * The network edge, and the only package that sees Netty.
 *
 * <p>{@link io.tombo.listener.MqttServer} binds one server channel per {@code listener} block (TCP or Unix
 * socket) on one group of event loops, one per core; each accepted connection stays on one loop for life, and
 * that loop is the home thread of its {@link io.tombo.broker.Connection} and session. A pipeline is
 * {@code idle} (connect timeout, then keep alive) → {@link io.tombo.listener.MqttFrameDecoder} (fixed header
 * first, so an oversized packet is refused before its body is buffered; then Tombo's strict codec) →
 * {@link io.tombo.listener.MqttChannel} (the broker's {@link io.tombo.broker.ClientChannel}: writes without
 * flushing, one flush per event-loop pass).
 */
package io.tombo.listener;
