package io.tombo.bench;

import io.tombo.codec.Disconnect;
import io.tombo.codec.PacketEncoder;
import io.tombo.codec.PingReq;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The connections of {@code bench conn} over plain TCP, all on one thread with a {@link Selector}: non-blocking
 * connects paced by a {@link Pacer} with at most {@code concurrency} handshakes in progress, CONNECT out and CONNACK
 * in through Tombo's codec, then the held connections read and discarded (PINGRESP) and pinged every half keep
 * alive, and DISCONNECT at the end. One thread and no hand-offs: half the CPU per connect of the virtual-thread
 * engine, which bounded the connect rate of every broker it measured on two cores.
 *
 * <p>Only the loop thread touches the connections, the histogram and the counters; {@link #open} reads them after
 * the latch that the loop counts down once every handshake has ended.
 */
final class SelectorFleet implements Fleet {
    private static final long HANDSHAKE_TIMEOUT_NANOS =
            TimeUnit.MILLISECONDS.toNanos(BenchConnection.CONNECT_TIMEOUT_MILLIS);

    private final Target target;
    private final BenchClock clock;
    private final double rate;
    private final int concurrency;
    private final Selector selector;
    private final byte[] pingReq;
    private final byte[] disconnect;
    private final ByteBuffer discard = ByteBuffer.allocate(4096);
    private final List<Peer> established = new ArrayList<>();
    private final ArrayDeque<Peer> handshaking = new ArrayDeque<>();
    private final Histogram connectNanos = new Histogram(1_000, Tally.MAX_NANOS, 3);
    private final List<String> failures = new ArrayList<>();
    private final CountDownLatch handshakesEnded = new CountDownLatch(1);
    private Thread loop;
    private volatile boolean closing;
    private volatile long dropped;
    private volatile RuntimeException crash;
    private long elapsedNanos;
    private long connected;
    private int inProgress;
    private int ended;

    SelectorFleet(Target target, BenchClock clock, double connectionsPerSecond, int concurrency) {
        this.target = target;
        this.clock = clock;
        this.rate = connectionsPerSecond;
        this.concurrency = concurrency;
        this.pingReq = PacketEncoder.encode(PingReq.INSTANCE, target.version());
        this.disconnect = PacketEncoder.encode(Disconnect.NORMAL, target.version());
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One connection: its client id, when it was meant to start (its connect time counts from there) and when it
     * did (its handshake timeout counts from there), and its handshake bytes in and out.
     */
    private static final class Peer {
        final String clientId;
        final long intended;
        final long startedAt;
        SocketChannel channel;
        ByteBuffer out;
        byte[] in = new byte[64];
        int filled;
        boolean done;

        Peer(String clientId, long intended, long startedAt) {
            this.clientId = clientId;
            this.intended = intended;
            this.startedAt = startedAt;
        }
    }

    @Override
    public Opened open(int count, IntFunction<String> clientId) throws InterruptedException {
        loop = Thread.ofPlatform().name("tombo-bench-connect").start(() -> run(count, clientId));
        handshakesEnded.await();
        if (crash != null) {
            throw crash;
        }
        return new Opened(connected, connectNanos, elapsedNanos, List.copyOf(failures));
    }

    @Override
    public long dropped() {
        return dropped;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        selector.wakeup();
        if (loop != null) {
            loop.join();
        }
    }

    private void run(int count, IntFunction<String> clientId) {
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        long start = clock.nanos();
        Pacer pacer = new Pacer(start, rate);
        long pingEvery = TimeUnit.SECONDS.toNanos(target.keepAliveSeconds()) / 2;
        long nextPing = Long.MAX_VALUE;
        int started = 0;
        try {
            while (!closing) {
                long now = clock.nanos();
                while (started < count && inProgress < concurrency
                        && (pacer.closedLoop() || pacer.intended(started) <= now)) {
                    Peer p = new Peer(clientId.apply(started + 1),
                            pacer.closedLoop() ? now : pacer.intended(started), now);
                    started++;
                    inProgress++;
                    handshaking.add(p);
                    connect(p, address);
                }
                boolean mayStart = started < count && inProgress < concurrency && !pacer.closedLoop();
                long deadline = Math.min(mayStart ? pacer.intended(started) : Long.MAX_VALUE,
                        handshaking.isEmpty() ? nextPing : clock.nanos() + TimeUnit.MILLISECONDS.toNanos(100));
                selector.select(timeoutMillis(deadline));
                for (SelectionKey key : selector.selectedKeys()) {
                    ready(key);
                }
                selector.selectedKeys().clear();
                expireHandshakes();
                while (!handshaking.isEmpty() && handshaking.peek().done) {
                    handshaking.poll();
                }
                if (ended == count && handshakesEnded.getCount() > 0) {
                    elapsedNanos = clock.nanos() - start;
                    connected = established.size();
                    handshakesEnded.countDown();
                    nextPing = pingEvery > 0 ? clock.nanos() + pingEvery : Long.MAX_VALUE;
                }
                if (clock.nanos() >= nextPing) {
                    established.forEach(p -> send(p, pingReq));
                    nextPing += pingEvery;
                }
            }
            established.forEach(p -> send(p, disconnect));
        } catch (IOException | RuntimeException e) {
            crash = e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        } finally {
            established.forEach(p -> closeQuietly(p.channel));
            handshaking.forEach(p -> closeQuietly(p.channel));
            try {
                selector.close();
            } catch (IOException ignored) {
                // ending anyway
            }
            handshakesEnded.countDown();
        }
    }

    /** Milliseconds to wait in select until {@code deadline}: 0 (no limit) for none, else at least 1. */
    private long timeoutMillis(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - clock.nanos()));
    }

    private void connect(Peer p, InetSocketAddress address) {
        try {
            p.channel = SocketChannel.open();
            p.channel.configureBlocking(false);
            p.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            p.out = ByteBuffer.wrap(BenchConnection.connectPacket(target, p.clientId));
            if (p.channel.connect(address)) {
                p.channel.register(selector, 0, p);
                writeConnect(p);
            } else {
                p.channel.register(selector, SelectionKey.OP_CONNECT, p);
            }
        } catch (IOException | RuntimeException e) {
            fail(p, e.getMessage());
        }
    }

    private void ready(SelectionKey key) {
        Peer p = (Peer) key.attachment();
        if (!key.isValid()) {
            return;
        }
        if (p.done) {
            discard(key, p);
            return;
        }
        try {
            if (key.isConnectable()) {
                if (p.channel.finishConnect()) {
                    writeConnect(p);
                }
            } else if (key.isWritable()) {
                writeConnect(p);
            } else if (key.isReadable()) {
                readConnAck(p);
            }
        } catch (IOException | RuntimeException e) {
            fail(p, e.getMessage());
        }
    }

    private void writeConnect(Peer p) throws IOException {
        p.channel.write(p.out);
        p.channel.keyFor(selector).interestOps(p.out.hasRemaining()
                ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_READ);
    }

    private void readConnAck(Peer p) throws IOException {
        int n = p.channel.read(ByteBuffer.wrap(p.in, p.filled, p.in.length - p.filled));
        if (n < 0) {
            throw new IOException("connection closed by the broker");
        }
        p.filled += n;
        int length = FrameParser.packetLength(p.in, 0, p.filled);
        if (length > p.in.length) {
            p.in = Arrays.copyOf(p.in, length); // a 5.0 CONNACK with many properties
        }
        if (length < 0 || p.filled < length) {
            return;
        }
        BenchConnection.accepted(BenchConnection.read(new ByteArrayInputStream(p.in, 0, length), target));
        connectNanos.recordValue(Math.min(Tally.MAX_NANOS, Math.max(0, clock.nanos() - p.intended)));
        p.done = true;
        p.in = null;
        p.out = null;
        established.add(p);
        handshakeEnded();
    }

    /** A held connection: PINGRESP (or whatever else) is read and dropped; the broker closing it is counted. */
    private void discard(SelectionKey key, Peer p) {
        discard.clear();
        try {
            if (p.channel.read(discard) >= 0) {
                return;
            }
        } catch (IOException e) {
            // reset by the broker: counted as closed
        }
        key.cancel();
        closeQuietly(p.channel);
        established.remove(p);
        dropped++;
    }

    private void fail(Peer p, String why) {
        if (p.done) {
            return;
        }
        p.done = true;
        failures.add(p.clientId + ": " + why);
        closeQuietly(p.channel);
        handshakeEnded();
    }

    private void handshakeEnded() {
        inProgress--;
        ended++;
    }

    /** Handshakes (oldest first) that have not ended within the connect timeout fail. */
    private void expireHandshakes() {
        long now = clock.nanos();
        for (Peer p : handshaking) {
            if (now - p.startedAt < HANDSHAKE_TIMEOUT_NANOS) {
                break;
            }
            fail(p, "no CONNACK within " + BenchConnection.CONNECT_TIMEOUT_MILLIS / 1000 + " s");
        }
    }

    /** A two-byte packet on an idle connection: the socket buffer always has room; a broken socket shows later. */
    private void send(Peer p, byte[] packet) {
        try {
            p.channel.write(ByteBuffer.wrap(packet));
        } catch (IOException ignored) {
            // the read side sees the close and counts it
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
