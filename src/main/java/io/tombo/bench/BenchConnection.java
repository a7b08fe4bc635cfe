package io.tombo.bench;

import io.tombo.codec.ConnAck;
import io.tombo.codec.Connect;
import io.tombo.codec.Disconnect;
import io.tombo.codec.MalformedPacketException;
import io.tombo.codec.Packet;
import io.tombo.codec.PacketEncoder;
import io.tombo.codec.PacketReader;
import io.tombo.codec.PingReq;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.QoS;
import io.tombo.codec.SubAck;
import io.tombo.codec.Subscribe;
import io.tombo.codec.Subscription;
import io.tombo.codec.UnsupportedProtocolVersionException;

import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One benchmark connection, blocking while it shakes hands (CONNECT, SUBSCRIBE through Tombo's strict codec);
 * afterwards it carries pre-encoded bytes out and raw bytes in. Over plain TCP it is a {@link SocketChannel}, which
 * a {@link SelectorLoop} may take over ({@link #detach}); over TLS a blocking {@link SSLSocket}. On threads, several
 * may write (the publisher loop, its reader sending PUBREL, the keep-alive pinger): every write takes the
 * connection's lock, so whole batches stay contiguous. One reader thread owns {@link #input()}.
 */
final class BenchConnection implements Closeable {
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    /** The plain-TCP connection's channel (its socket is the channel's), null over TLS. */
    private final SocketChannel channel;
    private final HandshakeInput in;
    private final OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Target target;
    private final int receiveMaximum;

    private BenchConnection(Socket socket, SocketChannel channel, HandshakeInput in, OutputStream out, Target target,
                            int receiveMaximum) {
        this.socket = socket;
        this.channel = channel;
        this.in = in;
        this.out = out;
        this.target = target;
        this.receiveMaximum = receiveMaximum;
    }

    /**
     * Connects (with a clean session unless the target asks for session expiry) and waits for CONNACK; a refusal is
     * an IOException naming the reason.
     */
    static BenchConnection open(Target target, String clientId) throws IOException {
        SocketChannel channel = target.tls() == null ? SocketChannel.open() : null;
        Socket socket = channel != null ? channel.socket() : new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MILLIS);
            if (target.tls() != null) {
                SSLSocket tls = (SSLSocket) target.tls().factory()
                        .createSocket(socket, target.host(), target.port(), true);
                tls.setSSLParameters(target.tls().parameters());
                tls.setUseClientMode(true);
                tls.startHandshake();
                socket = tls;
            }
            HandshakeInput in = new HandshakeInput(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(connectPacket(target, clientId));
            out.flush();
            socket.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
            ConnAck ack = accepted(read(in, target));
            socket.setSoTimeout(0);
            Integer max = ack.properties().integer(Property.RECEIVE_MAXIMUM);
            return new BenchConnection(socket, channel, in, out, target, max == null ? 65_535 : max);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The handshake's buffered input, which can hand what it read ahead to a {@link SelectorLoop}. */
    private static final class HandshakeInput extends BufferedInputStream {
        HandshakeInput(InputStream in) {
            super(in, 512);
        }

        synchronized byte[] unread() {
            byte[] rest = Arrays.copyOfRange(buf, pos, count);
            pos = count;
            return rest;
        }
    }

    /** The encoded CONNECT of {@code clientId}: a clean session unless the target asks for session expiry. */
    static byte[] connectPacket(Target target, String clientId) {
        byte[] password = target.password() == null ? null : target.password().getBytes(StandardCharsets.UTF_8);
        long expiry = target.sessionExpirySeconds();
        Properties props = expiry > 0 && target.version().isV5()
                ? Properties.builder().put(Property.SESSION_EXPIRY_INTERVAL, expiry).build() : Properties.EMPTY;
        return PacketEncoder.encode(new Connect(target.version(), clientId, expiry == 0, target.keepAliveSeconds(),
                target.username(), password, null, props), target.version());
    }

    /** The CONNACK in {@code p} if it accepts the connection; otherwise an IOException that says why not. */
    static ConnAck accepted(Packet p) throws IOException {
        if (!(p instanceof ConnAck ack)) {
            throw new IOException("expected CONNACK");
        }
        if (ack.reason().isError()) {
            throw new IOException("connection refused: " + ack.reason());
        }
        return ack;
    }

    /** Subscribes and waits for SUBACK (before any message can arrive, so the handshake reader is still ours). */
    void subscribe(String filter, QoS qos) throws IOException {
        write(PacketEncoder.encode(new Subscribe(1, List.of(new Subscription(filter, qos)), Properties.EMPTY),
                target.version()));
        socket.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
        if (!(read(in, target) instanceof SubAck ack)) {
            throw new IOException("expected SUBACK");
        }
        socket.setSoTimeout(0);
        if (ack.reasons().getFirst().isError()) {
            throw new IOException("subscription to " + filter + " refused: " + ack.reasons().getFirst());
        }
    }

    /** Decodes one packet with Tombo's strict codec; a malformed one or the end of the stream is an IOException. */
    static Packet read(InputStream in, Target target) throws IOException {
        try {
            Packet p = new PacketReader(in, PacketReader.PROTOCOL_MAXIMUM).read(target.version());
            if (p == null) {
                throw new IOException("connection closed by the broker");
            }
            return p;
        } catch (MalformedPacketException | UnsupportedProtocolVersionException e) {
            throw new IOException("broker sent a malformed packet: " + e.getMessage(), e);
        }
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        writeLock.lock();
        try {
            out.write(bytes, offset, length);
        } finally {
            writeLock.unlock();
        }
    }

    void ping() throws IOException {
        write(pingPacket());
    }

    InputStream input() {
        return in;
    }

    /**
     * Hands the connection (plain TCP only) to a {@link SelectorLoop}: its channel, now non-blocking, and the bytes
     * the handshake read past its last packet. From here on only the loop reads and writes; {@link #input()} and
     * {@link #write} fail.
     */
    SocketChannel detach(Consumer<byte[]> unread) throws IOException {
        unread.accept(in.unread());
        channel.configureBlocking(false);
        return channel;
    }

    /** The encoded DISCONNECT. */
    byte[] disconnectPacket() {
        return PacketEncoder.encode(Disconnect.NORMAL, target.version());
    }

    /** The encoded PINGREQ. */
    byte[] pingPacket() {
        return PacketEncoder.encode(PingReq.INSTANCE, target.version());
    }

    boolean v5() {
        return target.version().isV5();
    }

    /** The broker's Receive Maximum (5.0 CONNACK), or 65,535 when it sent none. */
    int receiveMaximum() {
        return receiveMaximum;
    }

    /** DISCONNECT, then close; errors are ignored (the broker may already be gone). */
    void disconnect() {
        try {
            write(disconnectPacket());
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
