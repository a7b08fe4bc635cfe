package io.tombo.listener;

import io.netty.channel.EventLoop;
import io.tombo.broker.HomeThread;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A Netty event loop as the broker core's {@link HomeThread}. */
record NettyHomeThread(EventLoop loop) implements HomeThread {

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public boolean inThread() {
        return loop.inEventLoop();
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> f = loop.schedule(task, delay, unit);
        return () -> f.cancel(false);
    }
}
