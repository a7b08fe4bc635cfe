package io.tombo.bench;

import io.tombo.client.TopicFilter;
import io.tombo.codec.QoS;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Scenario} and reports it. Phases: connect subscribers and subscribe, connect publishers, publish
 * through the warm-up and the measured window, drain (wait for acknowledgements and deliveries still under way),
 * disconnect. Throughput, broker CPU and the benchmark's own CPU are measured over the window only; latency is
 * recorded for messages meant to leave inside it; losses are counted over the whole run after the drain.
 *
 * <p>Threads: an {@link Engine} drives the connections (selector loops, or a thread per reader and publisher); the
 * calling thread only paces the phases and takes snapshots of counters that the engine publishes once per batch.
 */
public final class Bench {
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Scenario s;
    private final BenchClock clock;
    private final PrintStream progress;
    private final List<Publisher> publishers = new ArrayList<>();
    private final List<String> publisherTopics = new ArrayList<>();
    private final List<SubscriberReader> subscribers = new ArrayList<>();
    private final List<String> subscriberFilters = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private Bench(Scenario scenario, BenchClock clock, PrintStream progress) {
        this.s = scenario;
        this.clock = clock;
        this.progress = progress;
    }

    /** Runs {@code scenario}; {@code progress} gets one line per phase (stderr in the CLI). */
    public static Report run(Scenario scenario, BenchClock clock, PrintStream progress)
            throws InterruptedException {
        Bench b = new Bench(scenario, clock, progress);
        return scenario.kind() == Scenario.Kind.CONN ? b.connections() : b.messages();
    }

    private Report header() {
        Report r = new Report()
                .put("scenario", s.kind().name().toLowerCase(java.util.Locale.ROOT))
                .put("broker", s.target().host() + ":" + s.target().port())
                .put("protocol", s.target().version().name())
                .put("tls", s.target().tls() != null);
        if (s.kind() != Scenario.Kind.CONN) {
            r.put("qos", s.qos().value()).put("payload_bytes", s.payloadSize());
        }
        return r;
    }

    // ---- connections ----

    private Report connections() throws InterruptedException {
        long cpu0 = ProcessStats.cpuNanos(s.brokerPid());
        long rss0 = ProcessStats.rssKib(s.brokerPid());
        progress.printf("connecting %d clients%n", s.subscribers());
        Fleet.Opened opened;
        long cpu1;
        long rss1;
        long dropped;
        try (Fleet fleet = s.target().tls() == null
                ? new SelectorFleet(s.target(), clock, s.connectRate(), s.connectConcurrency())
                : new ThreadFleet(s.target(), clock, s.connectRate(), s.connectConcurrency())) {
            opened = fleet.open(s.subscribers(), i -> s.clientIdPrefix() + "conn-" + i);
            cpu1 = ProcessStats.cpuNanos(s.brokerPid());
            progress.printf(java.util.Locale.ROOT, "%d connected at %.1f connections/s; holding for %s%n",
                    opened.connected(), opened.connected() / (opened.elapsedNanos() / 1e9), s.duration());
            Thread.sleep(s.duration().toMillis());
            rss1 = ProcessStats.rssKib(s.brokerPid());
            dropped = fleet.dropped();
        }
        long live = opened.connected();
        double seconds = opened.elapsedNanos() / 1e9;
        Report r = header()
                .put("connections", live)
                .put("failures", (long) opened.failures().size())
                .put("dropped", dropped)
                .put("connect_seconds", seconds)
                .put("connections_per_s", live / seconds)
                .put("connect_latency_us", Report.latency(opened.connectNanos()));
        if (s.brokerPid() > 0) {
            r.put("broker_cpu_s", (cpu1 - cpu0) / 1e9)
                    .put("broker_cpu_us_per_connect", live == 0 ? null : (cpu1 - cpu0) / 1e3 / live)
                    .put("broker_rss_kib_before", rss0)
                    .put("broker_rss_kib_connected", rss1)
                    .put("broker_rss_bytes_per_connection", live == 0 ? null : (rss1 - rss0) * 1024.0 / live);
        }
        return r.put("errors", firstErrors(opened.failures()));
    }

    // ---- messages ----

    private Report messages() throws InterruptedException {
        Engine engine;
        try {
            engine = engine();
        } catch (IOException e) {
            return header().put("errors", List.of(e.getMessage()));
        }
        try {
            connectSubscribers(engine);
            connectPublishers(engine);
        } catch (IOException e) {
            engine.close();
            return header().put("errors", List.of(e.getMessage()));
        }
        long start = clock.nanos() + TimeUnit.MILLISECONDS.toNanos(20);
        long measureFrom = start + s.warmup().toNanos();
        long end = measureFrom + s.duration().toNanos();
        for (SubscriberReader sub : subscribers) {
            sub.tally().recordFrom(measureFrom);
        }
        for (Publisher p : publishers) {
            p.recordFrom(measureFrom);
            p.schedule(new Pacer(start, s.ratePerPublisher()), end);
        }
        engine.start();
        progress.printf("%s for %s (+%s warm-up)%n", publishers.isEmpty() ? "measuring" : "publishing",
                s.duration(), s.warmup());
        sleepUntil(measureFrom);
        Snapshot a = snapshot();
        sleepUntil(end);
        Snapshot b = snapshot();
        engine.awaitPublishers();
        drain();
        engine.close();
        errors.addAll(engine.errors());
        Report report = messageReport(a, b);
        endSessions();
        return report;
    }

    /**
     * Selector loops on plain TCP unless asked for threads ({@code --io-threads 0}); threads over TLS, whose
     * {@link javax.net.ssl.SSLSocket} blocks. Platform threads for a few hundred busy connections, virtual beyond.
     */
    private Engine engine() throws IOException {
        if (s.target().tls() == null && s.ioThreads() > 0) {
            return new SelectorEngine(s.ioThreads(), clock, s.target().keepAliveSeconds());
        }
        return new ThreadEngine((long) s.publishers() + s.subscribers() <= 1_000, s.target().keepAliveSeconds());
    }

    /**
     * With {@code -x} the sessions would outlive the run and keep subscribing to the same topics, so every later run
     * would also queue for them: a clean-session connection per client id ends each (it discards the old session).
     */
    private void endSessions() {
        if (s.target().sessionExpirySeconds() == 0) {
            return;
        }
        Target clean = s.target().withSessionExpiry(0);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= publishers.size(); i++) {
            ids.add(s.publisherId(i));
        }
        for (int i = 1; i <= subscribers.size(); i++) {
            ids.add(s.subscriberId(i));
        }
        for (String id : ids) {
            try {
                BenchConnection.open(clean, id).disconnect();
            } catch (IOException e) {
                progress.printf("could not end the session of %s: %s%n", id, e.getMessage());
            }
        }
    }

    private void connectSubscribers(Engine engine) throws IOException, InterruptedException {
        int count = switch (s.kind()) {
            case PUB -> 0;
            case FANIN -> 1;
            case P2P -> s.publishers();
            default -> s.subscribers();
        };
        Connector.Opened opened = open(count, s::subscriberId, "subscribers");
        for (int i = 0; i < count; i++) {
            BenchConnection c = opened.connections().get(i);
            String filter = s.filter().expand(i + 1, s.subscriberId(i + 1));
            try {
                c.subscribe(filter, s.qos());
            } catch (IOException e) {
                opened.connections().subList(i, count).forEach(BenchConnection::close); // not the engine's yet
                throw e;
            }
            SubscriberReader reader = new SubscriberReader(c, new Tally(Long.MAX_VALUE), clock);
            subscribers.add(reader);
            subscriberFilters.add(filter);
            engine.subscriber(reader);
        }
    }

    private void connectPublishers(Engine engine) throws IOException, InterruptedException {
        int count = switch (s.kind()) {
            case SUB -> 0;
            case FANOUT -> 1;
            default -> s.publishers();
        };
        Connector.Opened opened = open(count, s::publisherId, "publishers");
        for (int i = 0; i < count; i++) {
            String topic = s.topic().expand(i + 1, s.publisherId(i + 1));
            PublishTemplate template = new PublishTemplate(topic, s.qos(), s.payloadSize(), s.target().version());
            Publisher p = new Publisher(opened.connections().get(i), template, i, s.qos(), s.window(), clock);
            publishers.add(p);
            publisherTopics.add(topic);
            engine.publisher(p);
        }
    }

    private Connector.Opened open(int count, java.util.function.IntFunction<String> id, String what)
            throws IOException, InterruptedException {
        if (count > 0) {
            progress.printf("connecting %d %s%n", count, what);
        }
        Connector.Opened opened = new Connector(s.target(), clock, s.connectRate(), s.connectConcurrency())
                .open(count, id);
        if (!opened.failures().isEmpty()) {
            opened.connections().stream().filter(Objects::nonNull).forEach(BenchConnection::close);
            throw new IOException(opened.failures().size() + " of " + count + " " + what + " failed to connect: "
                    + opened.failures().getFirst());
        }
        return opened;
    }

    /** Waits until every QoS 1/2 message is acknowledged and delivered, or deliveries stop, at most 5 s. */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        long lastReceived = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long received = received();
            Long expected = expected();
            boolean acked = publishers.stream().allMatch(p -> s.qos() == QoS.AT_MOST_ONCE
                    || p.acked() + p.refused() >= p.sent());
            if (acked && (subscribers.isEmpty() || expected != null && received >= expected)) {
                return;
            }
            if (received != lastReceived) {
                lastReceived = received;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > QUIET_NANOS && (acked || subscribers.isEmpty())) {
                return;
            }
            Thread.sleep(10);
        }
    }

    private long received() {
        return subscribers.stream().mapToLong(r -> r.tally().received()).sum();
    }

    private long sent() {
        return publishers.stream().mapToLong(Publisher::sent).sum();
    }

    /**
     * Deliveries the subscribers should have: each publisher's acknowledged (QoS 1/2) or sent (QoS 0) messages
     * times the subscribers whose filter matches its topic. Null when there is no publisher in this process, or the
     * pairs are too many to match.
     */
    private Long expected() {
        if (publishers.isEmpty() || subscribers.isEmpty()
                || (long) publishers.size() * subscribers.size() > 1_000_000) {
            return null;
        }
        long total = 0;
        for (int i = 0; i < publishers.size(); i++) {
            Publisher p = publishers.get(i);
            long messages = s.qos() == QoS.AT_MOST_ONCE ? p.sent() : p.acked();
            for (String filter : subscriberFilters) {
                if (TopicFilter.matches(filter, publisherTopics.get(i))) {
                    total += messages;
                }
            }
        }
        return total;
    }

    private record Snapshot(long nanos, long sent, long received, long brokerCpu, long selfCpu) {
    }

    private Snapshot snapshot() {
        return new Snapshot(clock.nanos(), sent(), received(), ProcessStats.cpuNanos(s.brokerPid()),
                ProcessStats.selfCpuNanos());
    }

    private Report messageReport(Snapshot a, Snapshot b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        long windowSent = b.sent() - a.sent();
        long windowReceived = b.received() - a.received();
        Report r = header()
                .put("publishers", (long) publishers.size())
                .put("subscribers", (long) subscribers.size())
                .put("rate_per_publisher", s.ratePerPublisher() == 0 ? "closed loop" : s.ratePerPublisher())
                .put("seconds", seconds)
                .put("sent_per_s", windowSent / seconds)
                .put("received_per_s", windowReceived / seconds);
        Histogram latency = new Histogram(1_000, Tally.MAX_NANOS, 3);
        long gaps = 0;
        long outOfOrder = 0;
        for (SubscriberReader sub : subscribers) {
            latency.add(sub.tally().latency());
            gaps += sub.tally().gaps();
            outOfOrder += sub.tally().outOfOrder();
        }
        if (!subscribers.isEmpty()) {
            r.put("latency_us", Report.latency(latency));
        }
        if (s.qos() != QoS.AT_MOST_ONCE && !publishers.isEmpty()) {
            Histogram ack = new Histogram(1_000, Tally.MAX_NANOS, 3);
            publishers.forEach(p -> ack.add(p.ackLatency()));
            r.put("ack_latency_us", Report.latency(ack));
        }
        if (s.ratePerPublisher() != 0 && !publishers.isEmpty()) {
            Histogram lag = new Histogram(1_000, Tally.MAX_NANOS, 3);
            publishers.forEach(p -> lag.add(p.sendLag()));
            r.put("send_lag_us", Report.latency(lag));
        }
        long sent = sent();
        long received = received();
        Long expected = expected();
        r.put("sent", sent);
        if (s.qos() != QoS.AT_MOST_ONCE) {
            r.put("acked", publishers.stream().mapToLong(Publisher::acked).sum())
                    .put("refused", publishers.stream().mapToLong(Publisher::refused).sum());
        }
        r.put("received", received)
                .put("expected", expected)
                .put("lost", expected == null ? null : Math.max(0, expected - received))
                .put("sequence_gaps", gaps)
                .put("out_of_order", outOfOrder);
        long delivered = subscribers.isEmpty() ? windowSent : windowReceived;
        if (s.brokerPid() > 0 && a.brokerCpu() >= 0 && b.brokerCpu() >= 0) {
            double cpu = (b.brokerCpu() - a.brokerCpu()) / 1e9;
            r.put("broker_cpu_s", cpu)
                    .put("broker_cores", cpu / seconds)
                    .put("broker_cpu_us_per_msg", delivered == 0 ? null : cpu * 1e6 / delivered)
                    .put("msgs_per_broker_cpu_s", cpu == 0 ? null : delivered / cpu)
                    .put("broker_rss_kib", ProcessStats.rssKib(s.brokerPid()));
        }
        double self = (b.selfCpu() - a.selfCpu()) / 1e9;
        r.put("bench_cpu_s", self).put("bench_cores", self / seconds);
        List<String> all = new ArrayList<>(errors);
        publishers.stream().map(Publisher::error).filter(Objects::nonNull).forEach(all::add);
        subscribers.stream().map(Reader::error).filter(Objects::nonNull).forEach(all::add);
        return r.put("errors", firstErrors(all));
    }

    // ---- helpers ----

    private void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - clock.nanos()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static List<String> firstErrors(List<String> all) {
        return all.size() <= 5 ? List.copyOf(all) : List.copyOf(all.subList(0, 5));
    }
}
