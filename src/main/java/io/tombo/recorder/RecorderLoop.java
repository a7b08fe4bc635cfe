package io.tombo.recorder;

import io.tombo.client.TopicFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The recorder's one worker thread: takes every message that arrived since the last pass, reads it under each
 * matching rule, hands each sink its readings in one call and the dead letters to their table, and only when all
 * of them accepted acknowledges the messages to the broker. A sink that fails makes the whole pass wait and try
 * again with back-off (sinks drop repeated keys, so the sinks that had accepted are not harmed); nothing is
 * acknowledged meanwhile, so the broker keeps the messages and, once its window is full, stops sending.
 *
 * <p><b>Threading.</b> The client's receive thread {@link #offer offers} arrivals; everything else runs on the
 * thread {@link #run} is called on, which owns the batch and calls the sinks, so each sink sees one caller.
 */
final class RecorderLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RecorderLoop.class);
    private static final int MAX_BATCH = 10_000;
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final List<RecordingRule> rules;
    private final DeadLetters deadLetters;
    private final RecorderCounters counters;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private volatile boolean stopping;

    RecorderLoop(List<RecordingRule> rules, DeadLetters deadLetters, RecorderCounters counters) {
        this.rules = rules;
        this.deadLetters = deadLetters;
        this.counters = counters;
    }

    void offer(Arrival arrival) {
        counters.received.incrementAndGet();
        arrivals.add(arrival);
    }

    /** Ends {@link #run} after the pass in progress; what was not acknowledged stays with the broker. */
    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        List<Arrival> batch = new ArrayList<>();
        try {
            while (!stopping) {
                Arrival first = arrivals.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                arrivals.drainTo(batch, MAX_BATCH - 1);
                if (store(batch)) {
                    batch.forEach(a -> a.acknowledgement().acknowledge());
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads and stores one batch, retrying until it is stored; false if stopped first. */
    boolean store(List<Arrival> batch) throws InterruptedException {
        Map<Sink, List<Reading>> bySink = new IdentityHashMap<>();
        List<DeadLetter> dead = new ArrayList<>();
        long fields = 0;
        long readings = 0;
        for (Arrival a : batch) {
            boolean matched = false;
            for (RecordingRule rule : rulesFor(a)) {
                matched = true;
                try {
                    Reading r = rule.reader().read(a.message().topic(), a.message().payload(), a.time());
                    fields += r.fields().size();
                    readings++;
                    for (Sink sink : rule.sinks()) {
                        bySink.computeIfAbsent(sink, s -> new ArrayList<>()).add(r);
                    }
                } catch (BadPayload e) {
                    dead.add(new DeadLetter(rule.config().name(), a.message().topic(), a.message().payload(),
                            e.getMessage(), a.time()));
                }
            }
            if (!matched) {
                counters.unmatched.incrementAndGet();
            }
        }
        Duration delay = FIRST_RETRY;
        while (true) {
            try {
                commit(bySink, dead);
                break;
            } catch (IOException | RuntimeException e) {
                counters.sinkFailures.incrementAndGet();
                log.warn("recorder: storing {} messages failed, retrying in {} ms: {}", batch.size(),
                        delay.toMillis(), e.toString());
                if (stopping) {
                    return false;
                }
                Thread.sleep(delay);
                delay = delay.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay.multipliedBy(2);
            }
        }
        if (!dead.isEmpty()) {
            counters.deadLetters.addAndGet(dead.size());
            dead.forEach(d -> log.warn("recorder: rule {} could not read a message on {}: {} (kept as a dead "
                    + "letter)", d.rule(), d.topic(), d.reason()));
        }
        counters.readings.addAndGet(readings);
        counters.fields.addAndGet(fields);
        counters.batches.incrementAndGet();
        return true;
    }

    private void commit(Map<Sink, List<Reading>> bySink, List<DeadLetter> dead) throws IOException {
        if (!dead.isEmpty()) {
            deadLetters.keep(dead);
        }
        for (Map.Entry<Sink, List<Reading>> e : bySink.entrySet()) {
            e.getKey().accept(e.getValue());
        }
    }

    /**
     * The rules a message is for: those whose subscription identifiers it carries (5.0: the server names the
     * matching subscriptions [MQTT-3.3.4-3]), else those whose filter matches its topic.
     */
    private List<RecordingRule> rulesFor(Arrival a) {
        List<Integer> ids = a.message().properties().subscriptionIdentifiers();
        List<RecordingRule> result = new ArrayList<>(1);
        if (!ids.isEmpty()) {
            for (int id : ids) {
                if (id >= 1 && id <= rules.size()) {
                    result.add(rules.get(id - 1));
                }
            }
            return result;
        }
        for (RecordingRule r : rules) {
            if (TopicFilter.matches(r.config().filter(), a.message().topic())) {
                result.add(r);
            }
        }
        return result;
    }
}
