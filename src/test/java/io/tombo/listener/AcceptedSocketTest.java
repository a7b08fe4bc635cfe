package io.tombo.listener;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link ListenerPipeline} relies on Netty for, checked on the transport {@link MqttServer} picks. */
class AcceptedSocketTest {
    @Test
    void nettyEnablesTcpNoDelayOnEveryAcceptedSocket() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, MqttServer.ioHandlers());
        CompletableFuture<Boolean> noDelay = new CompletableFuture<>();
        try {
            Channel server = new ServerBootstrap().group(group).channel(MqttServer.tcpServerChannel())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            noDelay.complete(ch.config().getOption(ChannelOption.TCP_NODELAY));
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            try (Socket client = new Socket()) {
                client.connect(server.localAddress());
                assertThat(noDelay.get(10, TimeUnit.SECONDS)).isTrue();
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
