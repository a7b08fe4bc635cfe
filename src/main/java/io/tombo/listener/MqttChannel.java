package io.tombo.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tombo.broker.Broker;
import io.tombo.broker.ClientChannel;
import io.tombo.broker.Connection;
import io.tombo.broker.EncodedPublish;
import io.tombo.broker.HomeThread;
import io.tombo.codec.Packet;
import io.tombo.codec.PacketEncoder;
import io.tombo.codec.ProtocolVersion;
import io.tombo.config.ListenerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The end of a connection's pipeline and its {@link ClientChannel}: decoded packets go to the broker's
 * {@link Connection}; packets the broker sends are encoded straight into pooled buffers and written, with one
 * flush per event-loop pass (after the read batch, or from a task queued behind the current ones) rather than
 * one system call per packet. Everything here runs on the channel's event loop.
 */
final class MqttChannel extends ChannelInboundHandlerAdapter implements ClientChannel {
    private static final Logger log = LoggerFactory.getLogger(MqttChannel.class);

    private final Broker broker;
    private final ListenerConfig listener;
    private final MqttFrameDecoder decoder;
    private final int connectTimeoutSeconds;
    private final ReadDeadlines deadlines;
    private ChannelHandlerContext ctx;
    private ReadDeadline deadline;
    private HomeThread home;
    private Connection connection;
    private boolean flushPending;
    private boolean closing;
    private final Runnable flushTask = this::flushNow;

    MqttChannel(Broker broker, ListenerConfig listener, MqttFrameDecoder decoder, int connectTimeoutSeconds,
                ReadDeadlines deadlines) {
        this.broker = broker;
        this.listener = listener;
        this.decoder = decoder;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
        this.deadlines = deadlines;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.home = new NettyHomeThread(ctx.channel().eventLoop());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = broker.accept(this);
        deadline = new ReadDeadline(deadlines, connection, connectTimeoutSeconds);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Packet p) {
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
        flushNow();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
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
        ctx.channel().config().setAutoRead(writable);
        if (writable && connection != null) {
            connection.onWritable();
            flushNow();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("remote={} connection error: {}", remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public HomeThread home() {
        return home;
    }

    @Override
    public void send(Packet packet, ProtocolVersion version) {
        if (closing) {
            return;
        }
        int length = PacketEncoder.encodedLength(packet, version);
        ByteBuf buf = ctx.alloc().ioBuffer(length);
        PacketEncoder.encode(packet, version, buf.nioBuffer(0, length));
        buf.writerIndex(length);
        write(buf);
    }

    @Override
    public void sendPublish(EncodedPublish publish, int packetId, boolean dup) {
        if (closing) {
            return;
        }
        byte[] bytes = publish.bytes();
        ByteBuf buf;
        if (publish.packetIdOffset() < 0) {
            buf = Unpooled.wrappedBuffer(bytes); // QoS 0: the shared bytes as they are
        } else {
            buf = ctx.alloc().ioBuffer(bytes.length);
            buf.writeBytes(bytes);
            buf.setShort(publish.packetIdOffset(), packetId);
            if (dup) {
                buf.setByte(0, bytes[0] | 0x08); // [MQTT-3.3.1-1]
            }
        }
        write(buf);
    }

    private void write(ByteBuf buf) {
        broker.counters().bytesSent(buf.readableBytes());
        broker.counters().onMessageSent();
        ctx.write(buf, ctx.voidPromise());
        if (!flushPending) {
            flushPending = true;
            ctx.channel().eventLoop().execute(flushTask);
        }
    }

    private void flushNow() {
        flushPending = false;
        ctx.flush();
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
    public String remoteAddress() {
        SocketAddress a = ctx.channel().remoteAddress();
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
