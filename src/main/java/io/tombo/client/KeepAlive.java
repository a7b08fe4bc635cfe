package io.tombo.client;

import io.tombo.codec.PingReq;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keep alive from the client's side (spec 3.1.2.10): a PINGREQ when nothing has been sent for the interval
 * [MQTT-3.1.2-23], and the connection declared lost when the PINGRESP has not come one interval later (spec 4.4
 * leaves "a reasonable amount of time" to the client; libmosquitto also waits one interval).
 *
 * <p>Every client shares one daemon timer thread; a check only queues a PINGREQ or closes a connection, so
 * thousands of connections cost one thread. {@link #check} runs on that thread; {@link #pong} on the reader.
 */
final class KeepAlive {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tombo-client-timer");
        t.setDaemon(true);
        return t;
    });

    private final long intervalNanos;
    private final PacketWriter writer;
    private final Consumer<String> onTimeout;
    /** System.nanoTime() when the outstanding PINGREQ was queued, 0 when none is outstanding. */
    private volatile long pingSentAt;
    private volatile ScheduledFuture<?> next;
    private volatile boolean stopped;

    KeepAlive(int intervalSeconds, PacketWriter writer, Consumer<String> onTimeout) {
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        this.writer = writer;
        this.onTimeout = onTimeout;
    }

    /** Starts the timer; a zero interval turns keep alive off [MQTT-3.1.2-10]. */
    void start() {
        if (intervalNanos > 0) {
            schedule(intervalNanos);
        }
    }

    void pong() {
        pingSentAt = 0;
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
    }

    private void schedule(long delayNanos) {
        if (!stopped) {
            next = TIMER.schedule(this::check, Math.max(delayNanos, TimeUnit.MILLISECONDS.toNanos(10)),
                    TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        long sent = pingSentAt;
        if (sent != 0) {
            long waited = now - sent;
            if (waited >= intervalNanos) {
                onTimeout.accept("no PINGRESP within " + TimeUnit.NANOSECONDS.toSeconds(intervalNanos) + " s");
                return;
            }
            schedule(intervalNanos - waited);
            return;
        }
        long idle = now - writer.lastFlushNanos();
        if (idle >= intervalNanos) {
            pingSentAt = now;
            writer.send(PingReq.INSTANCE);
            schedule(intervalNanos);
        } else {
            schedule(intervalNanos - idle);
        }
    }
}
