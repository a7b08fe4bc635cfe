package io.tombo.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.tombo.broker.Broker;
import io.tombo.config.BrokerConfig;
import io.tombo.config.ListenerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline of one listener's connections, head to tail:
 * <pre>
 *   [proxy: PROXY v1/v2 header] [tls: SslHandler]
 *   [websockets: CONNECT budget → HTTP codec → aggregator (8 KiB) → chunked → http_dir files → handshake
 *                → frames ⇄ bytes]
 *   decoder (MQTT framing, inbound rate) → mqtt ({@link MqttChannel})
 * </pre>
 * Every stage before the MQTT decoder is bounded (PROXY header, TLS record, HTTP request, WebSocket frame), and the
 * whole way to an accepted CONNECT runs under {@code connect_timeout}, so a slow or silent client over TLS or
 * WebSocket is closed like one over plain TCP.
 */
final class ListenerPipeline extends ChannelInitializer<Channel> {
    private static final Logger log = LoggerFactory.getLogger(ListenerPipeline.class);
    static final String HTTP_FILES = "httpFiles";
    static final String CHUNKED = "chunked";
    private static final int PROTOCOL_MAXIMUM_PACKET = 268_435_455 + 5;
    private static final int HTTP_REQUEST_MAXIMUM = 8192;

    private final Broker broker;
    private final ListenerConfig listener;
    private final ServerTls tls;
    private final Path httpRoot;
    /** Each event loop as a home thread (with its read-deadline sweep), shared by its connections. */
    private final Map<EventExecutor, NettyHomeThread> homes;
    /** Connections open on this listener, for {@code max_connections}; shared by all its bound addresses. */
    private final AtomicInteger open = new AtomicInteger();

    ListenerPipeline(Broker broker, ListenerConfig listener, ServerTls tls, Path httpRoot,
                     Map<EventExecutor, NettyHomeThread> homes) {
        this.broker = broker;
        this.homes = homes;
        this.listener = listener;
        this.tls = tls;
        this.httpRoot = httpRoot;
    }

    @Override
    protected void initChannel(Channel ch) {
        // Latency over packet count. Netty enables TCP_NODELAY on every socket it accepts wherever it can (all but
        // Android): setting it again would be one more system call per connect.
        if (ch instanceof SocketChannel && !PlatformDependent.canEnableTcpNoDelayByDefault()) {
            ch.config().setOption(ChannelOption.TCP_NODELAY, true);
        }
        if (!admit(ch)) {
            return;
        }
        BrokerConfig config = broker.config();
        int maxPacket = config.maxPacketSize() > 0 ? config.maxPacketSize() : PROTOCOL_MAXIMUM_PACKET;
        int connectMaximum = config.maxPacketSize() > 0 ? config.maxPacketSize()
                : MqttFrameDecoder.UNAUTHENTICATED_MAXIMUM;
        ChannelPipeline p = ch.pipeline();
        if (listener.proxyProtocol() > 0) {
            p.addLast("proxyDecoder", new HAProxyMessageDecoder());
            p.addLast("proxy", new ProxyHeader(listener.proxyProtocol()));
        }
        if (tls != null) {
            p.addLast("tls", tls.newHandler(ch.alloc()));
        }
        if (listener.websockets()) {
            p.addLast("connectBudget", new ConnectBudget(connectMaximum))
                    .addLast("http", new HttpServerCodec(HTTP_REQUEST_MAXIMUM, HTTP_REQUEST_MAXIMUM, HTTP_REQUEST_MAXIMUM))
                    .addLast("httpAggregator", new HttpObjectAggregator(HTTP_REQUEST_MAXIMUM))
                    .addLast(CHUNKED, new ChunkedWriteHandler())
                    .addLast(HTTP_FILES, new StaticFiles(httpRoot))
                    .addLast("ws", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath("/").checkStartsWith(true)
                            .subprotocols("mqtt,mqttv3.1") // [MQTT-6.0.0-4]
                            .decoderConfig(WebSocketFrames.decoderConfig(maxPacket))
                            .handshakeTimeoutMillis(config.connectTimeout() * 1000L)
                            .build()))
                    .addLast("wsFrames", new WebSocketFrames());
        }
        ReadGate gate = new ReadGate(ch, listener.inboundRate());
        MqttFrameDecoder decoder = new MqttFrameDecoder(maxPacket, connectMaximum, broker.counters(), gate);
        p.addLast("decoder", decoder)
                .addLast("mqtt", new MqttChannel(broker, listener, decoder, gate, config.connectTimeout(),
                        homes));
    }

    /** {@code max_connections}: a connection over the limit is closed before anything is read from it. */
    private boolean admit(Channel ch) {
        int maxConnections = listener.maxConnections() > 0 ? listener.maxConnections()
                : broker.config().maxConnections();
        if (maxConnections <= 0) {
            return true;
        }
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            log.info("remote={} refused: max_connections {} reached on {}", ch.remoteAddress(), maxConnections,
                    listener.source());
            ch.close();
            return false;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }
}
