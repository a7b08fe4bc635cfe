package io.tombo.listener;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code enable_proxy_protocol 1|2}: takes the PROXY protocol header Netty's {@code HAProxyMessageDecoder} read in
 * front of the connection and records the client's address the proxy saw, so logs name the client and not the
 * load balancer. A header of the other version, or none, closes the connection: the listener trusts only what it
 * was told to expect. A {@code LOCAL} header (the proxy's own health check) keeps the socket's address.
 */
final class ProxyHeader extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProxyHeader.class);
    /** The client's address as the proxy reported it; absent without PROXY protocol. */
    static final AttributeKey<InetSocketAddress> CLIENT_ADDRESS = AttributeKey.valueOf("tombo.proxiedClient");

    private final int version;

    ProxyHeader(int version) {
        this.version = version;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            int received = header.protocolVersion() == HAProxyProtocolVersion.V1 ? 1 : 2;
            if (received != version) {
                log.info("remote={} refused: PROXY protocol v{} header on a listener expecting v{}",
                        ctx.channel().remoteAddress(), received, version);
                ctx.close();
                return;
            }
            if (header.command() == HAProxyCommand.PROXY && isInet(header.proxiedProtocol())) {
                ctx.channel().attr(CLIENT_ADDRESS).set(new InetSocketAddress(
                        literal(header.sourceAddress()), header.sourcePort()));
            }
            ctx.pipeline().remove(this);
        } catch (UnknownHostException e) {
            log.info("remote={} refused: bad PROXY source address", ctx.channel().remoteAddress());
            ctx.close();
        } finally {
            header.release();
        }
    }

    private static boolean isInet(HAProxyProxiedProtocol p) {
        return p.addressFamily() == HAProxyProxiedProtocol.AddressFamily.AF_IPv4
                || p.addressFamily() == HAProxyProxiedProtocol.AddressFamily.AF_IPv6;
    }

    /** The decoder checked the address syntax; a literal is parsed without any name lookup. */
    private static InetAddress literal(String address) throws UnknownHostException {
        return InetAddress.getByName(address);
    }
}
