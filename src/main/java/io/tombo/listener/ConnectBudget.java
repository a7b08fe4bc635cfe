package io.tombo.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client may send before its CONNECT is read, counted as the bytes arrive (after TLS): the HTTP upgrade, the
 * WebSocket frame headers and the CONNECT itself. Netty's WebSocket decoder buffers a whole frame before handing it
 * on, so without this a client that has not even connected could make the broker hold a frame as large as the
 * packet limit. {@link MqttChannel} removes it when the CONNECT arrives; the packet limit applies from then on.
 */
final class ConnectBudget extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectBudget.class);
    /** The HTTP request (at most 8 KiB) and frame headers on top of the CONNECT limit. */
    private static final int OVERHEAD = 16 * 1024;

    private long left;

    ConnectBudget(int connectMaximum) {
        this.left = (long) connectMaximum + OVERHEAD;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            left -= bytes.readableBytes();
            if (left < 0) {
                bytes.release();
                log.info("remote={} closed: sent more than the CONNECT limit before connecting",
                        ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
