package io.tombo.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * MQTT over WebSocket: the payloads of binary frames become the byte stream the MQTT decoder reads, whatever the
 * frame boundaries [MQTT-6.0.0-2], and each packet the broker writes goes out as one binary frame. Any other data
 * frame closes the connection [MQTT-6.0.0-1].
 *
 * <p>Netty buffers a whole frame before handing it on, so a frame may be as large as the broker's packet limit; before
 * the CONNECT, {@link ConnectBudget} keeps an unauthenticated client far below that.
 */
final class WebSocketFrames extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(WebSocketFrames.class);

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
        } else {
            log.info("remote={} closed: {} on an MQTT WebSocket", ctx.channel().remoteAddress(),
                    frame.getClass().getSimpleName()); // [MQTT-6.0.0-1]
            ctx.close();
        }
    }

    /** After the upgrade, the plain-HTTP handlers have nothing left to do. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ChannelPipeline p = ctx.pipeline();
            for (String name : List.of(ListenerPipeline.HTTP_FILES, ListenerPipeline.CHUNKED)) {
                if (p.get(name) != null) {
                    p.remove(name);
                }
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    static WebSocketDecoderConfig decoderConfig(int maxFrame) {
        return WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxFrame).expectMaskedFrames(true)
                .allowExtensions(false).closeOnProtocolViolation(true).build();
    }
}
