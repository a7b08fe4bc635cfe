package io.tombo.broker;

import io.tombo.codec.Packet;
import io.tombo.config.ListenerConfig;
import io.tombo.codec.ProtocolVersion;
import io.tombo.security.PeerCertificate;

import java.util.Optional;

/**
 * The network side of one connection, as the broker core sees it. Implemented by the listener over Netty;
 * every method is called on {@link #home()} only.
 */
public interface ClientChannel {

    HomeThread home();

    /**
     * Moves the connection to {@code target}, another home thread of the same listener group ({@link Colocation}):
     * reading stops, the channel goes over, and at the moment ownership changes (on the old home) the listener calls
     * {@link Connection#movedTo}. Returns false, doing nothing, when the channel cannot move now (closing, not
     * writable, reading paused, already moving).
     */
    boolean moveTo(HomeThread target);

    /** Encodes and queues a packet; the listener flushes once per event-loop pass, never per packet. */
    void send(Packet packet, ProtocolVersion version);

    /**
     * Queues a PUBLISH encoded once for many receivers, with this receiver's packet identifier (QoS 1/2) and DUP
     * flag; the shared bytes are not modified.
     */
    void sendPublish(EncodedPublish publish, int packetId, boolean dup);

    /** Whether the socket accepts more bytes without buffering beyond the listener's high-water mark. */
    boolean isWritable();

    /**
     * Stops reading from the client (or resumes) while it is held back for a congested session; independent of
     * the listener's own pause while the client's socket is not draining.
     */
    void holdReading(boolean hold);

    /** Flushes what was sent and closes the connection. */
    void close();

    /** Sets the read-idle limit: after {@code millis} without a byte from the client, the listener calls
     * {@link Connection#onReadIdle()}. 0 disables it. */
    void readIdleTimeout(long millis);

    /** The largest packet the codec accepts from this client, including the fixed header. */
    void maximumInboundPacketSize(int bytes);

    /** {@code host:port} of the peer, for logs. */
    String remoteAddress();

    /** The certificate the client presented and the listener verified; empty without TLS or client certificate. */
    Optional<PeerCertificate> peerCertificate();

    /** The listener this connection came in on ({@code FILE:LINE} or "default"), for per-listener settings. */
    ListenerConfig listener();
}
