package io.tombo.broker;

import io.tombo.codec.QoS;
import org.junit.jupiter.api.Test;

import static io.tombo.broker.TestSessions.delivery;
import static org.assertj.core.api.Assertions.assertThat;

class HandoverTest {

    @Test
    void deliveriesOfOnePassLeaveAsOneTaskPerDestinationInOrder() {
        InlineHomeThread publisherHome = InlineHomeThread.queued();
        InlineHomeThread subscriberHome = InlineHomeThread.queued();
        Session a = new Session("a", subscriberHome, TestSessions.context(TestSessions.DEFAULTS, new BrokerCounters(),
                new ManualClock(0)));
        Session b = new Session("b", subscriberHome, TestSessions.context(TestSessions.DEFAULTS, new BrokerCounters(),
                new ManualClock(0)));
        FakeOutbound outA = new FakeOutbound();
        FakeOutbound outB = new FakeOutbound();
        subscriberHome.execute(() -> {
            a.attach(outA);
            b.attach(outB);
        });
        subscriberHome.runPending();

        publisherHome.execute(() -> {
            Handover h = Handover.of(publisherHome);
            for (int i = 0; i < 3; i++) {
                a.deliver(delivery("a" + i, QoS.AT_LEAST_ONCE), h);
                b.deliver(delivery("b" + i, QoS.AT_MOST_ONCE), h);
            }
            assertThat(a.congested()).isFalse();
        });
        publisherHome.runPending(); // the pass, then the task that posts its batch

        assertThat(subscriberHome.pendingCount()).as("one task for the destination thread").isEqualTo(1);
        subscriberHome.runPending();
        assertThat(outA.payloads()).containsExactly("a0", "a1", "a2");
        assertThat(outB.payloads()).containsExactly("b0", "b1", "b2");
    }
}
