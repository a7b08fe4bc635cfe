package io.tombo.broker;

import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.QoS;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTest {
    private static final long NOW = 1_700_000_000_000L;

    private static Message of(Properties props) {
        return Message.of("t", QoS.AT_LEAST_ONCE, false, new byte[] {1, 2, 3}, props, NOW, "c");
    }

    @Test
    void withoutExpiryIntervalTheMessageNeverExpires() {
        Message m = of(Properties.EMPTY);

        assertThat(m.expiresAtMillis()).isZero();
        assertThat(m.isExpired(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void expiryIntervalBecomesADeadline() {
        Message m = of(Properties.builder().put(Property.MESSAGE_EXPIRY_INTERVAL, 10L).build());

        assertThat(m.expiresAtMillis()).isEqualTo(NOW + 10_000);
        assertThat(m.isExpired(NOW + 9_999)).isFalse();
        assertThat(m.isExpired(NOW + 10_000)).isTrue();
        assertThat(m.properties().has(Property.MESSAGE_EXPIRY_INTERVAL)).as("re-added per receiver").isFalse();
    }

    @Test
    void largestExpiryIntervalDoesNotOverflow() {
        Message m = of(Properties.builder().put(Property.MESSAGE_EXPIRY_INTERVAL, 0xFFFF_FFFFL).build());

        assertThat(m.expiresAtMillis()).isEqualTo(NOW + 0xFFFF_FFFFL * 1000);
        assertThat(m.isExpired(NOW + 1000L * 86_400 * 365 * 100)).isFalse();
    }

    @Test
    void remainingSecondsRoundUpAndNeverReachZeroWhileAlive() {
        // [MQTT-3.3.2-6]
        Message m = of(Properties.builder().put(Property.MESSAGE_EXPIRY_INTERVAL, 10L).build());

        assertThat(m.remainingExpirySeconds(NOW)).isEqualTo(10);
        assertThat(m.remainingExpirySeconds(NOW + 1)).isEqualTo(10);
        assertThat(m.remainingExpirySeconds(NOW + 1000)).isEqualTo(9);
        assertThat(m.remainingExpirySeconds(NOW + 9_001)).isEqualTo(1);
        assertThat(m.remainingExpirySeconds(NOW + 9_999)).isEqualTo(1);
    }

    @Test
    void zeroExpiryIntervalExpiresAtOnce() {
        Message m = of(Properties.builder().put(Property.MESSAGE_EXPIRY_INTERVAL, 0L).build());

        assertThat(m.isExpired(NOW)).isTrue();
    }

    @Test
    void perHopPropertiesAreDroppedAndTheOthersKept() {
        // [MQTT-3.3.2-17] [MQTT-3.3.2-18] [MQTT-3.3.2-20] (5.0) pass through; topic alias and subscription ids belong to one hop
        Properties props = Properties.builder()
                .put(Property.TOPIC_ALIAS, 3)
                .put(Property.SUBSCRIPTION_IDENTIFIER, 5)
                .put(Property.CONTENT_TYPE, "text/plain")
                .userProperty("k", "v")
                .build();

        Message m = of(props);

        assertThat(m.properties().has(Property.TOPIC_ALIAS)).isFalse();
        assertThat(m.properties().subscriptionIdentifiers()).isEmpty();
        assertThat(m.properties().string(Property.CONTENT_TYPE)).isEqualTo("text/plain");
        assertThat(m.properties().userProperties()).hasSize(1);
    }

    @Test
    void withRetainKeepsEverythingElse() {
        Message m = of(Properties.builder().put(Property.MESSAGE_EXPIRY_INTERVAL, 5L).build());

        Message r = m.withRetain(true);

        assertThat(r.retain()).isTrue();
        assertThat(r.expiresAtMillis()).isEqualTo(m.expiresAtMillis());
        assertThat(r.payload()).isSameAs(m.payload());
        assertThat(m.withRetain(false)).isSameAs(m);
    }

    @Test
    void sizeCountsTopicAndPayload() {
        assertThat(of(Properties.EMPTY).size()).isEqualTo(4);
    }
}
