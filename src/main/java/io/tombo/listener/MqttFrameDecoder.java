package io.tombo.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.tombo.broker.BrokerCounters;
import io.tombo.codec.Connect;
import io.tombo.codec.FixedHeader;
import io.tombo.codec.MalformedPacketException;
import io.tombo.codec.Packet;
import io.tombo.codec.PacketDecoder;
import io.tombo.codec.PacketType;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.ReasonCode;
import io.tombo.codec.UnsupportedProtocolVersionException;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Cuts the byte stream into packets and decodes them with Tombo's strict codec. The fixed header is read first,
 * so a packet over the size limit is refused before its body is buffered [MQTT-3.2.2-15] (Mosquitto's
 * {@code max_packet_size}). After the first error every further byte is discarded: the connection is closing.
 */
final class MqttFrameDecoder extends ByteToMessageDecoder {
    /** What a decode error turns into on the pipeline, for {@link MqttChannel}. */
    record Failure(ReasonCode reason, String message, UnsupportedProtocolVersionException unsupported) {
    }

    /** Until a CONNECT is accepted nobody is authenticated: without an explicit max_packet_size, 1 MiB. */
    static final int UNAUTHENTICATED_MAXIMUM = 1 << 20;

    private final BrokerCounters counters;
    /** Counted per read batch, not per packet: the shared counters are touched once per pass. */
    private long bytesRead;
    private long packetsRead;
    private final ReadGate gate;
    private final int connectMaximumSize;
    private ChannelHandlerContext ctx;
    private int maximumPacketSize;
    private ProtocolVersion version;
    private boolean failed;

    MqttFrameDecoder(int maximumPacketSize, int connectMaximumSize, BrokerCounters counters, ReadGate gate) {
        this.maximumPacketSize = maximumPacketSize;
        this.connectMaximumSize = connectMaximumSize;
        this.counters = counters;
        this.gate = gate;
    }

    void maximumPacketSize(int bytes) {
        this.maximumPacketSize = bytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        gate.resumeDecodingWith(this::resume);
    }

    /** Decodes the packets that were already read when the client went over its rate (the gate calls it). */
    private void resume() {
        if (ctx.isRemoved()) {
            return;
        }
        try {
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
            channelReadComplete(ctx);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (gate.overRate()) {
            return; // the rest waits here until the gate reopens: the limit holds for a batch read at once
        }
        try {
            FixedHeader header = PacketDecoder.readFixedHeader(in.nioBuffer(in.readerIndex(), Math.min(5, in.readableBytes())));
            if (header == null) {
                return;
            }
            int limit = maximumPacketSize;
            if (version == null) {
                // refused from its header alone: a client that has not connected gets no buffer [MQTT-3.1.0-1]
                if (header.packetType() != PacketType.CONNECT) {
                    throw new MalformedPacketException(ReasonCode.PROTOCOL_ERROR,
                            "first packet was " + header.packetType() + ", not CONNECT");
                }
                limit = connectMaximumSize;
            }
            if (header.packetLength() > limit || header.packetLength() < 0) {
                throw new MalformedPacketException(ReasonCode.PACKET_TOO_LARGE,
                        "packet of " + header.packetLength() + " bytes above the limit of " + limit);
            }
            if (in.readableBytes() < header.packetLength()) {
                return;
            }
            ByteBuffer body = in.nioBuffer(in.readerIndex() + header.headerLength(), header.remainingLength());
            Packet packet = PacketDecoder.decode(header, body, version);
            in.skipBytes(header.packetLength());
            bytesRead += header.packetLength();
            packetsRead++;
            gate.received(header.packetLength());
            if (packet instanceof Connect c && version == null) {
                version = c.version();
            }
            out.add(packet);
        } catch (MalformedPacketException e) {
            fail(in, out, new Failure(e.reason(), e.getMessage(), null));
        } catch (UnsupportedProtocolVersionException e) {
            fail(in, out, new Failure(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, e.getMessage(), e));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        countReads();
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        countReads();
        super.channelInactive(ctx);
    }

    private void countReads() {
        if (packetsRead > 0) {
            counters.bytesReceived(bytesRead);
            counters.messagesReceived(packetsRead);
            bytesRead = 0;
            packetsRead = 0;
        }
    }

    private void fail(ByteBuf in, List<Object> out, Failure failure) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(failure);
    }
}
