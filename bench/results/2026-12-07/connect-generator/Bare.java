import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.*;
import io.netty.channel.epoll.*;
import io.netty.channel.socket.SocketChannel;

public class Bare {
    public static void main(String[] a) throws Exception {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup work = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        new ServerBootstrap().group(boss, work).channel(EpollServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                protected void initChannel(SocketChannel ch) {
                    ch.config().setOption(ChannelOption.TCP_NODELAY, true);
                    ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf b = (ByteBuf) msg;
                            try {
                                while (b.isReadable()) {
                                    int type = b.readUnsignedByte() & 0xF0;
                                    int len = b.readUnsignedByte(); // short packets only
                                    b.skipBytes(Math.min(len, b.readableBytes()));
                                    if (type == 0x10) ctx.writeAndFlush(ctx.alloc().buffer(4).writeBytes(new byte[]{0x20, 2, 0, 0}));
                                    else if (type == 0xC0) ctx.writeAndFlush(ctx.alloc().buffer(2).writeBytes(new byte[]{(byte)0xD0, 0}));
                                    else if (type == 0xE0) { ctx.close(); return; }
                                }
                            } finally { b.release(); }
                        }
                    });
                }
            }).bind("127.0.0.1", Integer.parseInt(a[0])).sync();
        System.out.println("listening");
        Thread.currentThread().join();
    }
}
