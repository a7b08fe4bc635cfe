package io.tombo.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.EventExecutor;
import io.tombo.broker.Broker;
import io.tombo.broker.ClientChannel;
import io.tombo.broker.Connection;
import io.tombo.broker.EncodedPublish;
import io.tombo.broker.HomeThread;
import io.tombo.codec.Connect;
import io.tombo.codec.Packet;
import io.tombo.codec.PacketEncoder;
import io.tombo.codec.ProtocolVersion;
import io.tombo.config.ListenerConfig;
import io.tombo.security.PeerCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * The end of a connection's pipeline and its {@link ClientChannel}: decoded packets go to the broker's
 * {@link Connection}; packets the broker sends are encoded straight into pooled buffers and written, with one
 * flush per event-loop pass (after the read batch, or from a task queued behind the current ones) rather than
 * one system call per packet. Small packets of one pass are copied into one buffer and written as one entry:
 * Netty's per-entry bookkeeping cost more than the copy when a subscriber gets thousands of 64-byte
 * PUBLISHes per pass. Everything here runs on the channel's event loop.
 *
 * <h2>Moving to another event loop</h2>
 * The broker may move a connection to another loop ({@link #moveTo}); the channel, its pipeline and this handler go
 * along, and ownership passes in one step on the old loop:
 * <pre>
 *   old loop: flush, stop reading, leave the deadline list, deregister from epoll
 *             └─ (a task behind whatever the last reads queued) switch the home, register with the new loop
 *   new loop: registered (first task of this channel there): join the deadline list, read again, flush
 * </pre>
 * Tasks queued on the old loop for this channel before the switch run there before it (they still own it); the
 * flush task checks the channel's loop, so one left behind does nothing. Tasks for the connection from elsewhere
 * find it through {@code Connection#onHome}, which follows the move.
 */
final class MqttChannel extends ChannelInboundHandlerAdapter implements ClientChannel {
    private static final Logger log = LoggerFactory.getLogger(MqttChannel.class);

    private final Broker broker;
    private final ListenerConfig listener;
    private final MqttFrameDecoder decoder;
    private final ReadGate gate;
    private final int connectTimeoutSeconds;
    private final Map<EventExecutor, NettyHomeThread> homes;
    private ChannelHandlerContext ctx;
    private ReadDeadline deadline;
    /** The loop that owns this channel; read from other threads to post work for the connection. */
    private volatile NettyHomeThread home;
    private Connection connection;
    private boolean flushPending;
    /** In {@link #channelRead}: what it writes to this channel is flushed after the loop's other writes. */
    private boolean reading;
    private boolean closing;
    /** Between {@link #moveTo} and the new loop's registration. */
    private boolean moving;
    private final Runnable flushTask = this::flushFromTask;
    /** Small packets of this pass not yet handed to Netty; null when none. */
    private ByteBuf batch;
    /** Packets up to this size are batched; larger ones are written as they are. */
    private static final int BATCHED_PACKET_LIMIT = 2048;
    private static final int BATCH_CAPACITY = 16 * 1024;
    private long bytesWritten;
    private long packetsWritten;

    MqttChannel(Broker broker, ListenerConfig listener, MqttFrameDecoder decoder, ReadGate gate,
                int connectTimeoutSeconds, Map<EventExecutor, NettyHomeThread> homes) {
        this.broker = broker;
        this.listener = listener;
        this.decoder = decoder;
        this.gate = gate;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
        this.homes = homes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.home = homes.get(ctx.channel().eventLoop());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = broker.accept(this);
        deadline = new ReadDeadline(home.deadlines(), connection, connectTimeoutSeconds);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        try {
            read(msg);
        } finally {
            reading = false;
        }
    }

    private void read(Object msg) {
        if (msg instanceof Packet p) {
            if (p instanceof Connect && ctx.pipeline().get(ConnectBudget.class) != null) {
                ctx.pipeline().remove(ConnectBudget.class); // the packet limit applies from now, as in the decoder
            }
            connection.onPacket(p);
        } else if (msg instanceof MqttFrameDecoder.Failure f) {
            if (f.unsupported() != null) {
                connection.onUnsupportedVersion(f.unsupported());
            } else {
                connection.onMalformed(f.reason(), f.message());
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.onRead();
        }
        // no flush here: what the reads wrote is flushed by the task written() queued
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBatch();
        countWrites();
        if (deadline != null) {
            deadline.cancel();
        }
        if (connection != null) {
            connection.onClosed();
        }
    }

    /**
     * A client that does not read stops being read: what it sends would only pile up answers (PUBACK, SUBACK)
     * in its unread output, so reading resumes when its socket drains. That bounds the memory any one client
     * can make the broker hold, whatever it sends.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        if (writable) {
            gate.release(ReadGate.Reason.UNWRITABLE);
        } else {
            gate.hold(ReadGate.Reason.UNWRITABLE);
        }
        if (writable && connection != null) {
            connection.onWritable();
            flushNow();
        }
    }

    @Override
    public void holdReading(boolean hold) {
        if (hold) {
            gate.hold(ReadGate.Reason.HELD_BACK);
        } else {
            gate.release(ReadGate.Reason.HELD_BACK);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException || cause instanceof io.netty.handler.codec.DecoderException) {
            log.debug("remote={} connection error: {}", remoteAddress(), cause.toString()); // the peer's doing
        } else {
            log.warn("remote={} closed after an error in the broker", remoteAddress(), cause); // a bug: say so
        }
        ctx.close();
    }

    @Override
    public HomeThread home() {
        return home;
    }

    @Override
    public boolean moveTo(HomeThread target) {
        NettyHomeThread to = (NettyHomeThread) target;
        Channel ch = ctx.channel();
        if (to == home || closing || moving || !ch.isActive() || !ch.isWritable() || gate.holding()) {
            return false;
        }
        moving = true;
        flushNow();
        gate.hold(ReadGate.Reason.MOVING);
        deadline.leave();
        NettyHomeThread from = home;
        // deregistering completes in a later task; what reads queued before it (hand-overs of this client's
        // messages to other loops) must leave before the new loop can read the client's next message
        ch.deregister().addListener(f -> from.execute(() -> {
            if (f.isSuccess()) {
                switchTo(to);
            } else {
                stayed(from);
            }
        }));
        return true;
    }

    /** On the old loop: the channel could not leave it; it goes on here. */
    private void stayed(NettyHomeThread from) {
        moving = false;
        deadline.join(from.deadlines());
        gate.release(ReadGate.Reason.MOVING);
    }

    /** On the old loop, deregistered: registers with the new loop, then hands the connection over. */
    private void switchTo(NettyHomeThread to) {
        Channel ch = ctx.channel();
        if (!ch.isOpen()) {
            moving = false; // closed meanwhile, on this loop, which still owns it
            return;
        }
        // ownership passes first: the new loop's first read there must find the connection already its own
        home = to;
        connection.movedTo(to);
        to.loop().register(ch).addListener(f -> registered(to, f.isSuccess()));
    }

    /** On the new loop, the first task for this channel there. */
    private void registered(NettyHomeThread to, boolean success) {
        moving = false;
        if (!success) {
            log.warn("remote={} could not move to {}: closing", remoteAddress(), to);
            ctx.channel().close();
            return;
        }
        deadline.join(to.deadlines());
        gate.release(ReadGate.Reason.MOVING);
        flushNow();
    }

    @Override
    public void send(Packet packet, ProtocolVersion version) {
        if (closing) {
            return;
        }
        int length = PacketEncoder.encodedLength(packet, version);
        ByteBuf batched = batchFor(length);
        ByteBuf buf = batched != null ? batched : ctx.alloc().ioBuffer(length);
        int at = buf.writerIndex();
        PacketEncoder.encode(packet, version, buf.nioBuffer(at, length));
        buf.writerIndex(at + length);
        written(length, batched == null ? buf : null);
    }

    @Override
    public void sendPublish(EncodedPublish publish, int packetId, boolean dup) {
        if (closing) {
            return;
        }
        byte[] bytes = publish.bytes();
        ByteBuf batched = batchFor(bytes.length);
        if (batched == null && publish.packetIdOffset() < 0) {
            ByteBuf shared = Unpooled.wrappedBuffer(bytes); // a large QoS 0 message: the shared bytes as they are
            written(bytes.length, shared);
            return;
        }
        ByteBuf buf = batched != null ? batched : ctx.alloc().ioBuffer(bytes.length);
        int at = buf.writerIndex();
        buf.writeBytes(bytes);
        if (publish.packetIdOffset() >= 0) {
            buf.setShort(at + publish.packetIdOffset(), packetId);
            if (dup) {
                buf.setByte(at, bytes[0] | 0x08); // [MQTT-3.3.1-1]
            }
        }
        written(bytes.length, batched == null ? buf : null);
    }

    /** The pass's batch with room for {@code length} more bytes, or null for a packet written on its own. */
    private ByteBuf batchFor(int length) {
        if (length > BATCHED_PACKET_LIMIT) {
            writeBatch(); // keeps the order of what was sent
            return null;
        }
        if (batch != null && batch.maxWritableBytes() < length) {
            writeBatch();
        }
        if (batch == null) {
            batch = ctx.alloc().ioBuffer(Math.max(length, 256), BATCH_CAPACITY); // grows with the pass
        }
        batch.ensureWritable(length);
        return batch;
    }

    /** Counts a packet of {@code length} bytes; {@code own} is its own buffer to write, null when batched. */
    private void written(int length, ByteBuf own) {
        bytesWritten += length;
        packetsWritten++;
        if (own != null) {
            ctx.write(own, ctx.voidPromise());
        }
        if (!flushPending) {
            flushPending = true;
            EventLoop loop = ctx.channel().eventLoop();
            if (reading && loop instanceof SingleThreadEventLoop l) {
                // A packet's answer to its sender (PUBACK) leaves after the deliveries it caused: the subscriber's
                // PUBLISH goes out one write() and one wake-up earlier, the publisher's acknowledgement no later than
                // the end of this loop pass.
                l.executeAfterEventLoopIteration(flushTask);
            } else {
                loop.execute(flushTask);
            }
        }
    }

    private void writeBatch() {
        ByteBuf b = batch;
        if (b != null) {
            batch = null;
            ctx.write(b, ctx.voidPromise());
        }
    }

    private void releaseBatch() {
        if (batch != null) {
            batch.release();
            batch = null;
        }
    }

    /** A flush task queued before the channel moved finds another loop's channel: the new loop flushes it. */
    private void flushFromTask() {
        if (ctx.channel().eventLoop().inEventLoop()) {
            flushNow();
        }
    }

    private void flushNow() {
        flushPending = false;
        writeBatch();
        ctx.flush();
        countWrites();
    }

    /** The shared counters are touched once per flush, not per packet. */
    private void countWrites() {
        if (packetsWritten > 0) {
            broker.counters().bytesSent(bytesWritten);
            broker.counters().messagesSent(packetsWritten);
            bytesWritten = 0;
            packetsWritten = 0;
        }
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        writeBatch();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Called once the CONNECT is accepted: the connect deadline gives way to the keep-alive timer. */
    @Override
    public void readIdleTimeout(long millis) {
        if (ctx.channel().isActive()) { // closed meanwhile: no timer left behind
            deadline.keepAlive(millis);
        }
    }

    @Override
    public void maximumInboundPacketSize(int bytes) {
        decoder.maximumPacketSize(bytes);
    }

    @Override
    public Optional<PeerCertificate> peerCertificate() {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        return tls == null ? Optional.empty() : PeerCertificate.of(tls.engine().getSession());
    }

    /** The client's address: from the PROXY header when the listener expects one, else the socket's peer. */
    @Override
    public String remoteAddress() {
        // hasAttr first: attr() alone would add an attribute to every channel (40 bytes each)
        Channel ch = ctx.channel();
        SocketAddress proxied = ch.hasAttr(ProxyHeader.CLIENT_ADDRESS)
                ? ch.attr(ProxyHeader.CLIENT_ADDRESS).get() : null;
        SocketAddress a = proxied != null ? proxied : ch.remoteAddress();
        if (a instanceof InetSocketAddress i) {
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return listener.unixSocketPath() != null ? "unix:" + listener.unixSocketPath() : String.valueOf(a);
    }

    @Override
    public ListenerConfig listener() {
        return listener;
    }
}
