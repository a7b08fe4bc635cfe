package io.tombo.broker;

import io.tombo.codec.QoS;
import io.tombo.codec.Subscription;
import io.tombo.store.MemoryStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Matching one topic against an index of {@code subscriptions} filters, the router's cost per PUBLISH. The filters
 * are those of a fleet, {@code site/S/device/D/METRIC} with S in 0..99 and D unique per subscription: 80 % exact,
 * 10 % with {@code +} for the device ({@code site/S/device/+/METRIC}), 5 % {@code site/S/device/D/#}, 5 %
 * {@code site/S/#}; each filter is held by its own session. Topics are drawn from the same fleet, so a match
 * finds the device's exact subscribers plus the wildcard ones of its site ({@code hit}), or a device nobody
 * subscribed to by name ({@code miss}, only wildcards match). Lives in {@code io.tombo.broker} for the
 * package-private {@link Session} constructor. Run with
 * {@code java -cp target/bench-classes:target/classes:$(cat target/bench.classpath) org.openjdk.jmh.Main SubscriptionIndex}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SubscriptionIndexBench {
    private static final String[] METRICS = {"temperature", "humidity", "pressure", "battery"};
    private static final int SITES = 100;
    private static final int TOPICS = 4096; // a rotating set, so one topic's path is not always in cache

    @Param({"1000", "100000"})
    int subscriptions;

    private SubscriptionIndex index;
    private String[] hits;
    private String[] misses;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        index = new SubscriptionIndex();
        SessionContext context = new SessionContext(() -> new SessionLimits(20, 0, 1000, 0, false, 0, 5000),
                new BrokerCounters(), InstantSource.system(), new Persistence(new MemoryStore(), 0));
        SplittableRandom random = new SplittableRandom(42);
        for (int d = 0; d < subscriptions; d++) {
            String site = "site/" + (d % SITES);
            String metric = METRICS[random.nextInt(METRICS.length)];
            int kind = random.nextInt(100);
            String filter = kind < 80 ? site + "/device/" + d + "/" + metric
                    : kind < 90 ? site + "/device/+/" + metric
                    : kind < 95 ? site + "/device/" + d + "/#"
                    : site + "/#";
            Session session = new Session("client-" + d, Inline.THREAD, context);
            index.subscribe(filter, new Subscriber(session, new Subscription(filter, QoS.AT_LEAST_ONCE), 0));
        }
        hits = new String[TOPICS];
        misses = new String[TOPICS];
        for (int i = 0; i < TOPICS; i++) {
            int d = random.nextInt(subscriptions);
            String metric = METRICS[random.nextInt(METRICS.length)];
            hits[i] = "site/" + (d % SITES) + "/device/" + d + "/" + metric;
            misses[i] = "site/" + (d % SITES) + "/device/unknown-" + d + "/" + metric;
        }
    }

    @Benchmark
    public void hit(Blackhole bh) {
        index.match(hits[next++ & (TOPICS - 1)], bh::consume);
    }

    @Benchmark
    public void miss(Blackhole bh) {
        index.match(misses[next++ & (TOPICS - 1)], bh::consume);
    }

    /** Sessions here are only subscription owners: nothing runs on their home thread. */
    private enum Inline implements HomeThread {
        THREAD;

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public boolean inThread() {
            return true;
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            return () -> { };
        }
    }
}
