package io.tombo.listener;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.tombo.broker.Broker;
import io.tombo.broker.Colocation;
import io.tombo.broker.HomeThread;
import io.tombo.config.BrokerConfig;
import io.tombo.config.ListenerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A running broker: one {@link Broker} core and a listener per {@code listener} block, all served by one group
 * of event loops (one per core), each connection pinned to one loop for its life. With no listener configured
 * it binds 127.0.0.1:1883 and allows anonymous clients, as Mosquitto 2's local-only mode.
 */
public final class MqttServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);
    /** Shared: Netty would otherwise give every channel its own (stateless) instance; the per-channel state is in its handle. */
    private static final AdaptiveRecvByteBufAllocator RECEIVE_SIZES = new AdaptiveRecvByteBufAllocator();

    private final Broker broker;
    /** Accepts too: a separate boss thread would cost a thread and a cross-thread wake-up per new connection. */
    private final EventLoopGroup workerGroup;
    private final List<Channel> serverChannels = new ArrayList<>();
    private final List<InetSocketAddress> bound = new ArrayList<>();
    private InetSocketAddress plainAddress;
    private final List<ServerTls> tlsListeners = new ArrayList<>();
    private final Map<EventExecutor, NettyHomeThread> homes;

    private MqttServer(Broker broker, EventLoopGroup workers, Map<EventExecutor, NettyHomeThread> homes) {
        this.broker = broker;
        this.workerGroup = workers;
        this.homes = homes;
    }

    public static MqttServer start(BrokerConfig config) throws Exception {
        return start(config, Runtime.getRuntime().availableProcessors());
    }

    /** Starts with {@code threads} event loops for client connections. */
    public static MqttServer start(BrokerConfig config, int threads) throws Exception {
        return start(config, threads, null);
    }

    /**
     * As {@link #start(BrokerConfig, int)}, with {@code colocation} instead of the policy {@code colocate_publishers}
     * gives (null: the configuration's).
     */
    public static MqttServer start(BrokerConfig config, int threads, Colocation colocation) throws Exception {
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, ioHandlers());
        Map<EventExecutor, NettyHomeThread> homes = new HashMap<>();
        for (EventExecutor loop : workers) {
            homes.put(loop, new NettyHomeThread((EventLoop) loop, "event loop " + (homes.size() + 1)));
        }
        Broker broker;
        try {
            // sessions restored from the store are spread over the event loops until their clients reconnect
            Function<String, HomeThread> homeFor = clientId -> homes.get(workers.next());
            broker = colocation == null ? Broker.open(config, homeFor) : Broker.open(config, homeFor, colocation);
        } catch (RuntimeException e) {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        MqttServer server = new MqttServer(broker, workers, homes);
        try {
            List<ListenerConfig> listeners = config.listeners().isEmpty()
                    ? List.of(ListenerDefaults.localOnly()) : config.listeners();
            for (ListenerConfig l : listeners) {
                server.bind(l);
            }
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The transport: Linux epoll where Netty's native library loads, else the JDK's selector. */
    static IoHandlerFactory ioHandlers() {
        return Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The TCP listening channel that goes with {@link #ioHandlers()}. */
    static Class<? extends ServerChannel> tcpServerChannel() {
        return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private void bind(ListenerConfig l) throws Exception {
        if (l.unixSocketPath() != null && !Epoll.isAvailable()) {
            throw new IllegalArgumentException(l.source() + ": Unix socket listeners need Linux epoll");
        }
        ServerTls tls = l.tls() ? ServerTls.load(l) : null;
        if (tls != null) {
            tlsListeners.add(tls);
            log.info("TLS on the listener at {} with {}.", l.source(), tls.provider());
        }
        Class<? extends ServerChannel> channelType = l.unixSocketPath() != null ? EpollServerDomainSocketChannel.class
                : tcpServerChannel();
        ServerBootstrap b = new ServerBootstrap()
                .group(workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_SIZES)
                .childHandler(new ListenerPipeline(broker, l, tls, httpRoot(l), homes));
        if (l.unixSocketPath() == null) {
            b.option(ChannelOption.SO_REUSEADDR, true);
        }
        for (SocketAddress address : BindAddresses.of(l)) {
            bind(b, l, address);
        }
    }

    private void bind(ServerBootstrap b, ListenerConfig l, SocketAddress address) {
        Channel ch;
        try {
            ch = b.bind(address).sync().channel();
        } catch (Exception e) {
            String where = l.unixSocketPath() != null ? "socket " + l.unixSocketPath() : address.toString();
            String why = e.getMessage() != null && e.getMessage().contains("Address already in use")
                    ? "Address already in use" : e.getMessage();
            throw new IllegalArgumentException(l.source() + ": cannot listen on " + where + ": " + why, e);
        }
        serverChannels.add(ch);
        String kind = l.websockets() ? "websockets " : "";
        if (ch.localAddress() instanceof InetSocketAddress actual) {
            bound.add(actual);
            if (plainAddress == null && !l.tls() && !l.websockets() && l.proxyProtocol() == 0
                    && l.mountPoint() == null) {
                plainAddress = actual.getAddress().isAnyLocalAddress()
                        ? new InetSocketAddress(InetAddress.getLoopbackAddress(), actual.getPort()) : actual;
            }
            log.info("Opening {}ipv{} listen socket on port {}.", kind,
                    actual.getAddress() instanceof java.net.Inet6Address ? 6 : 4, actual.getPort());
        } else {
            log.info("Opening {}unix listen socket on path {}.", kind, l.unixSocketPath());
        }
    }

    /** The real path of {@code http_dir}, so that requests can be checked against it; null without one. */
    private static Path httpRoot(ListenerConfig l) {
        if (l.httpDir() == null || !l.websockets()) {
            return null;
        }
        try {
            return l.httpDir().toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException(l.source() + ": http_dir " + l.httpDir() + ": no such directory", e);
        }
    }

    /**
     * SIGHUP: the broker takes the new settings, and every TLS listener re-reads its certificate, key, CAs and CRL
     * for the connections that come next; open connections and bound sockets stay as they are.
     */
    public void reload(BrokerConfig fresh) {
        broker.reload(fresh);
        tlsListeners.forEach(ServerTls::reload);
    }

    public Broker broker() {
        return broker;
    }

    /** The port of the first TCP listener (useful when it was configured as 0). */
    public int port() {
        return bound.get(0).getPort();
    }

    /**
     * Where an internal client (the recorder) can connect: the first plain MQTT listener over TCP (no TLS, no
     * WebSocket, no PROXY header, no mount point), on loopback when it listens on every interface; empty if none.
     */
    public Optional<InetSocketAddress> plainAddress() {
        return Optional.ofNullable(plainAddress);
    }

    public List<InetSocketAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    /** Stops accepting, disconnects every client as a shutting-down server, then stops. */
    public void shutdown() {
        for (Channel ch : serverChannels) {
            ch.close().awaitUninterruptibly();
        }
        // the event loops must write every DISCONNECT and close before they stop: a loop shutting down
        // closes its channels without running what was queued behind
        try {
            broker.disconnectAll().await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        for (Channel ch : serverChannels) {
            ch.close().awaitUninterruptibly();
        }
        workerGroup.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        broker.close();
    }
}
