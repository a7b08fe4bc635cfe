package io.tombo.it.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5's promise, "what Tombo acknowledged is on disk", with a real broker process and a real SIGKILL sent the
 * moment the publisher's last acknowledgement arrives: nothing can have been written after it, so every message the
 * publisher was told about must come back from the database. See docs/persistence.md.
 */
class KillAfterAcknowledgementIT {
    /** Messages per run; the offline queue must hold them all (default max_queued_messages is 1000). */
    static final int N = 2_000;
    static final String[] CONF = {"max_queued_messages 100000", "max_inflight_messages 100"};

    @TempDir
    Path dir;

    private TomboProcess broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void qos1EveryPubackedMessageReachesTheOfflineSubscriberAfterSigkill() throws Exception {
        killRightAfterLastAcknowledgementThenDrain(1);
    }

    /** [MQTT-4.3.3-10] (5.0 numbering): delivered once, here also across a kill -9 and a restart. */
    @Test
    void qos2EveryCompletedMessageReachesTheOfflineSubscriberExactlyOnceAfterSigkill() throws Exception {
        killRightAfterLastAcknowledgementThenDrain(2);
    }

    private void killRightAfterLastAcknowledgementThenDrain(int qos) throws Exception {
        broker = TomboProcess.configure(dir, CONF).start();
        String topic = "kill/qos" + qos;
        Receiver.subscribeAndLeave(broker.uri(), "sub-" + qos, topic, qos);

        Set<Integer> acknowledged;
        long t0 = System.nanoTime();
        try (Load load = Load.start(broker.uri(), "pub-" + qos, topic, qos, N, 100, count -> {
            if (count == N) {
                broker.killNow(); // SIGKILL from the callback of the last PUBACK / PUBCOMP
            }
        })) {
            assertThat(load.awaitEnd(60)).as("load ended").isTrue();
            acknowledged = new TreeSet<>(load.acknowledged());
        }
        long loadMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(broker.awaitGone()).as("exit status of SIGKILL").isEqualTo(137);
        assertThat(acknowledged).as("acknowledged before the kill").hasSize(N);

        broker.start();
        try (Receiver sub = Receiver.persistent(broker.uri(), "sub-" + qos)) {
            assertThat(sub.sessionPresent()).as("session present after restart [MQTT-3.2.2-2]").isTrue();
            awaitAll(sub, acknowledged, broker);
            // a marker behind the queue: once it arrives every stored copy has been delivered [MQTT-4.6.0-6]
            sub.publish(topic, "end", qos, false);
            await().atMost(Duration.ofSeconds(20)).until(() -> sub.gotOther("end"));
            if (qos == 2) {
                assertThat(sub.duplicates()).as("QoS 2 messages received more than once").isEmpty();
            }
        }
        System.out.printf("QoS %d: %d messages acknowledged in %d ms, all back after SIGKILL%n", qos, N, loadMillis);
    }

    static void awaitAll(Receiver sub, Set<Integer> acknowledged, TomboProcess broker) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> sub.received().containsAll(acknowledged));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Set<Integer> missing = new TreeSet<>(acknowledged);
            missing.removeAll(sub.received());
            throw new AssertionError(missing.size() + " acknowledged messages lost (of " + acknowledged.size()
                    + "), first: " + missing.stream().limit(20).toList() + "\n" + broker.describe(), e);
        }
    }

    /**
     * A retained message published at QoS 1 and acknowledged survives a SIGKILL; a retained message cleared with an
     * empty payload [MQTT-3.3.1-10] stays cleared, after the SIGKILL and after a further graceful restart.
     */
    @Test
    void retainedMessageSurvivesSigkillAndAClearedOneStaysCleared() throws Exception {
        broker = TomboProcess.configure(dir, CONF).start();
        try (Receiver pub = Receiver.clean(broker.uri(), "retainer")) {
            pub.publish("ret/kept", "kept-value", 1, true);
            pub.publish("ret/cleared", "old-value", 1, true);
            pub.publish("ret/cleared", "", 1, true); // returns after PUBACK
            broker.killNow();
        }
        assertThat(broker.awaitGone()).isEqualTo(137);

        broker.start();
        assertRetained();
        broker.stop();
        broker.start();
        assertRetained();
    }

    private void assertRetained() throws Exception {
        try (Receiver sub = Receiver.clean(broker.uri(), "reader-" + System.nanoTime())) {
            sub.subscribe("ret/cleared", 1);
            sub.subscribe("ret/kept", 1);
            // retained messages go out after their SUBACK, in order: when ret/kept's is here, ret/cleared's was too
            await().atMost(Duration.ofSeconds(10)).until(() -> !sub.others().isEmpty()
                    && sub.others().getLast().topic().equals("ret/kept"));
            assertThat(sub.others()).as("retained messages after restart; %s", broker.describe())
                    .containsExactly(new Receiver.Received("ret/kept", "kept-value", 1, true, false));
        }
    }
}
