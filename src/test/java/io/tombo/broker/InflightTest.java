package io.tombo.broker;

import io.tombo.codec.QoS;
import org.junit.jupiter.api.Test;

import static io.tombo.broker.TestSessions.delivery;
import static org.assertj.core.api.Assertions.assertThat;

class InflightTest {
    private final Inflight inflight = new Inflight();

    @Test
    void messagesGoOnTheWireInOrderWithinTheWindow() {
        Inflight.Entry a = inflight.take(delivery("a", QoS.AT_LEAST_ONCE));
        Inflight.Entry b = inflight.take(delivery("b", QoS.AT_LEAST_ONCE));
        inflight.take(delivery("c", QoS.AT_LEAST_ONCE));

        assertThat(inflight.next(2)).isSameAs(a);
        assertThat(inflight.next(2)).isSameAs(b);
        assertThat(inflight.next(2)).as("window of 2 full").isNull();
        inflight.remove(a.packetId);
        assertThat(inflight.next(2).packetId).isEqualTo(3);
    }

    @Test
    void anUncommittedMessageHoldsBackThoseAfterIt() {
        Inflight.Entry a = inflight.take(delivery("a", QoS.EXACTLY_ONCE));
        a.committed = false;
        inflight.take(delivery("b", QoS.EXACTLY_ONCE));
        assertThat(inflight.next(10)).isNull();
        a.committed = true;
        assertThat(inflight.next(10)).isSameAs(a);
    }

    /** [MQTT-2.2.1-3] identifiers in use are skipped; a restored one continues the sequence after it. */
    @Test
    void packetIdentifiersAreDistinctAndFollowRestoredOnes() {
        inflight.restore(7, delivery("old", QoS.AT_LEAST_ONCE), false);
        Inflight.Entry fresh = inflight.take(delivery("new", QoS.AT_LEAST_ONCE));
        assertThat(fresh.packetId).isEqualTo(8);
        assertThat(inflight.bytes()).isEqualTo(inflight.get(7).delivery.message().size()
                + fresh.delivery.message().size());
    }

    @Test
    void reattachPutsEverythingBackInLineAndEmptiesTheWire() {
        Inflight.Entry a = inflight.take(delivery("a", QoS.AT_LEAST_ONCE));
        inflight.next(1);
        inflight.reattach();
        assertThat(a.onWire).isFalse();
        assertThat(inflight.next(1)).isSameAs(a);
        assertThat(inflight.remove(a.packetId)).isSameAs(a);
        assertThat(inflight.remove(a.packetId)).isNull();
        assertThat(inflight.size()).isZero();
    }
}
