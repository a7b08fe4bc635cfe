package io.tombo.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread and a {@link Selector} driving many connections of a message scenario: each pass gives every publisher
 * that is due (and whose window and socket allow) one batch, waits for readiness, reads what the readable
 * connections have (deliveries, acknowledgements) and sends the acknowledgements that produced, then pings every
 * half keep alive. Writes are non-blocking: what the socket does not take waits in the connection's buffer, and that
 * publisher writes nothing more until it has left.
 *
 * <p>A selector waits in milliseconds, too coarse for a publisher paced at 1,000 messages per second, so a
 * {@link Ticker} thread parks until the next send time and wakes the selector: one wake-up per due time, as a
 * publisher thread of its own would cost.
 *
 * <p>Only the loop thread touches the connections, readers and publishers once {@link #start} has run;
 * {@link #awaitPublishers} and {@link #close} synchronise with it through a latch and a join.
 */
final class SelectorLoop {
    private final BenchClock clock;
    private final long pingEveryNanos;
    private final Selector selector;
    private final String name;
    private final List<Link> links = new ArrayList<>();
    private final List<Link> publishing = new ArrayList<>();
    private final Ticker ticker = new Ticker();
    private CountDownLatch publishersDone = new CountDownLatch(0);
    private Thread thread;
    private volatile boolean stopping;
    private volatile String error;

    SelectorLoop(int number, BenchClock clock, int keepAliveSeconds) throws IOException {
        this.clock = clock;
        this.pingEveryNanos = TimeUnit.SECONDS.toNanos(keepAliveSeconds) / 2;
        this.selector = Selector.open();
        this.name = "tombo-bench-loop-" + number;
    }

    /** Takes over {@code connection} (before {@link #start}); {@code publisher} null for a receiver. */
    void add(BenchConnection connection, Reader reader, Publisher publisher) throws IOException {
        Link link = new Link(connection, reader, publisher);
        links.add(link);
        if (publisher != null) {
            publishing.add(link);
        }
    }

    void start() {
        publishersDone = new CountDownLatch(publishing.size());
        ticker.thread = Thread.ofPlatform().daemon().name(name + "-ticker").start(ticker);
        thread = Thread.ofPlatform().daemon().name(name).start(this::run); // sees ticker.thread
    }

    void awaitPublishers() throws InterruptedException {
        publishersDone.await();
    }

    /** DISCONNECT and close on every connection; waits for the loop to end. */
    void close() throws InterruptedException {
        stopping = true;
        if (thread == null) {
            closeAll(); // never started: the connect phase failed
            return;
        }
        selector.wakeup();
        LockSupport.unpark(ticker.thread);
        thread.join();
        ticker.thread.join();
    }

    String error() {
        return error;
    }

    private void run() {
        long nextPing = pingEveryNanos > 0 ? clock.nanos() + pingEveryNanos : Long.MAX_VALUE;
        try {
            while (!stopping) {
                long now = clock.nanos();
                boolean more = false;
                long wake = nextPing;
                for (Link l : publishing) {
                    more |= l.publish(now);
                    if (l.publishing()) {
                        wake = Math.min(wake, l.publisher.nextDue());
                    }
                }
                if (more) {
                    selector.selectNow();
                } else {
                    ticker.arm(wake);
                    selector.select();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Link l = (Link) key.attachment();
                    if (key.isValid() && key.isWritable()) {
                        l.flushOrEnd();
                    }
                    if (key.isValid() && key.isReadable()) {
                        l.read();
                    }
                }
                selector.selectedKeys().clear();
                if (clock.nanos() >= nextPing) {
                    links.forEach(l -> l.send(l.connection.pingPacket()));
                    nextPing += pingEveryNanos;
                }
            }
        } catch (IOException | RuntimeException e) {
            error = name + ": " + e;
        } finally {
            closeAll();
        }
    }

    private void closeAll() {
        for (Link l : links) {
            if (l.open) {
                l.send(l.connection.disconnectPacket());
                l.end();
            }
            l.finish();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // ending anyway
        }
    }

    /** One connection: its channel, its reader, its publisher if it publishes, and the bytes waiting to leave. */
    private final class Link {
        final BenchConnection connection;
        final Reader reader;
        final Publisher publisher;
        final SocketChannel channel;
        final SelectionKey key;
        ByteBuffer out;
        boolean open = true;
        boolean finished;
        boolean wantsWrite;

        Link(BenchConnection connection, Reader reader, Publisher publisher) throws IOException {
            this.connection = connection;
            this.reader = reader;
            this.publisher = publisher;
            this.channel = connection.detach(reader::preload);
            this.key = channel.register(selector, SelectionKey.OP_READ, this);
            this.out = ByteBuffer.allocate(publisher == null ? 4096 : publisher.batchBytes() * 2);
            queueAcks(); // for what the handshake read ahead
        }

        boolean publishing() {
            return open && !finished;
        }

        /**
         * The publisher's turn: nothing while earlier bytes wait for the socket to become writable (the selector
         * reports it; trying again before that is a system call that writes nothing); else one batch if due and the
         * window allows. True when it wrote a whole batch and the socket took it: it may have more right away.
         */
        boolean publish(long now) {
            if (!publishing()) {
                return false;
            }
            if (now >= publisher.endNanos()) {
                finish();
                return false;
            }
            if (wantsWrite) {
                return false;
            }
            try {
                int n = publisher.fill(out.array(), out.position(), out.remaining(), now);
                if (n == 0) {
                    return false;
                }
                out.position(out.position() + n);
                return flush() && n == publisher.batchBytes();
            } catch (IOException e) {
                publisher.fail(e);
                end();
                return false;
            }
        }

        void read() {
            try {
                if (reader.readFrom(channel) < 0) {
                    end(); // closed by the broker: the counts show it
                    return;
                }
                queueAcks();
                flush();
            } catch (IOException e) {
                end();
            } catch (RuntimeException e) {
                reader.failed(e); // the broker sent something malformed
                end();
            }
        }

        void flushOrEnd() {
            try {
                flush();
            } catch (IOException e) {
                end();
            }
        }

        /** Writes what is waiting; true when nothing is left. Asks for writability only while something is. */
        boolean flush() throws IOException {
            if (out.position() > 0) {
                out.flip();
                channel.write(out);
                out.compact();
            }
            boolean drained = out.position() == 0;
            if (drained == wantsWrite) {
                wantsWrite = !drained;
                key.interestOps(drained ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            return drained;
        }

        /** A small packet (PINGREQ, DISCONNECT) behind whatever is waiting; a broken socket shows at the next read. */
        void send(byte[] packet) {
            if (!open) {
                return;
            }
            put(packet, 0, packet.length);
            flushOrEnd();
        }

        private void queueAcks() {
            if (reader.ackLength() > 0) {
                put(reader.acks(), 0, reader.ackLength());
                reader.acksSent();
            }
        }

        private void put(byte[] b, int offset, int length) {
            if (out.remaining() < length) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + length));
                out.flip();
                bigger.put(out);
                out = bigger;
            }
            out.put(b, offset, length);
        }

        void end() {
            if (!open) {
                return;
            }
            open = false;
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            reader.end();
            finish();
        }

        /** The publisher is done: at its end, or its connection is gone. */
        void finish() {
            if (publisher != null && !finished) {
                finished = true;
                publishersDone.countDown();
            }
        }
    }

    /**
     * Wakes the selector at the next due time with nanosecond-precision parking. The loop arms it before each wait;
     * it fires once per armed time (a publisher still due after it fired waits for its window or its socket, whose
     * events wake the selector anyway).
     */
    private final class Ticker implements Runnable {
        private volatile long at = Long.MAX_VALUE;
        private Thread thread;

        void arm(long nanos) {
            if (nanos != at) {
                at = nanos;
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            long fired = Long.MIN_VALUE;
            while (!stopping) {
                long t = at;
                if (t == Long.MAX_VALUE || t == fired) {
                    LockSupport.park(this);
                    continue;
                }
                long left = t - clock.nanos();
                if (left > 0) {
                    LockSupport.parkNanos(this, left);
                    continue;
                }
                fired = t;
                selector.wakeup();
            }
        }
    }
}
