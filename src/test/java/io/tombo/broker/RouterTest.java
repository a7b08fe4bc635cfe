package io.tombo.broker;

import io.tombo.codec.Properties;
import io.tombo.codec.QoS;
import io.tombo.codec.RetainHandling;
import io.tombo.codec.Subscription;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.tombo.broker.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final RetainedMessages retained = new RetainedMessages();
    private final BrokerCounters counters = new BrokerCounters();
    private final Router router = new Router(index, retained, TestSessions.MEMORY, false);

    private static Message publish(String topic, QoS qos, boolean retain, String from) {
        return new Message(topic, qos, retain, "p".getBytes(StandardCharsets.UTF_8), Properties.EMPTY, 0, from);
    }

    private void subscribe(Session s, String filter, QoS qos, int subscriptionId) {
        subscribe(s, new Subscription(filter, qos), subscriptionId);
    }

    private void subscribe(Session s, Subscription options, int subscriptionId) {
        index.subscribe(options.topicFilter(), new Subscriber(s, options, subscriptionId));
    }

    @Test
    void overlappingSubscriptionsGiveOneDeliveryAtTheHighestQosWithEverySubscriptionId() {
        // [MQTT-3.3.4-2] [MQTT-3.3.4-3]
        Session s = session("s");
        FakeOutbound out = TestSessions.connect(s);
        subscribe(s, "a/#", QoS.AT_MOST_ONCE, 1);
        subscribe(s, "a/+", QoS.EXACTLY_ONCE, 2);
        subscribe(s, "a/b", QoS.AT_LEAST_ONCE, 0);
        subscribe(s, "+/b", QoS.AT_MOST_ONCE, 4);

        int sessions = router.publish(publish("a/b", QoS.EXACTLY_ONCE, false, "p"));

        assertThat(sessions).isEqualTo(1); // sessions reached: the four subscriptions merge into one delivery
        assertThat(out.publishes).hasSize(1);
        Delivery d = out.last().delivery();
        assertThat(d.qos()).isEqualTo(QoS.EXACTLY_ONCE);
        assertThat(d.subscriptionIds()).containsExactlyInAnyOrder(1, 2, 4);
    }

    @Test
    void deliveryQosIsTheLowerOfPublishAndGranted() {
        // [MQTT-3.8.4-8]
        Session s = session("s");
        FakeOutbound out = TestSessions.connect(s);
        subscribe(s, "t", QoS.EXACTLY_ONCE, 0);

        router.publish(publish("t", QoS.AT_LEAST_ONCE, false, "p"));

        assertThat(out.last().delivery().qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(out.last().delivery().subscriptionIds()).isEmpty();
    }

    @Test
    void upgradeOutgoingQosDeliversAtTheGrantedQos() {
        Router upgrading = new Router(index, retained, TestSessions.MEMORY, true);
        Session s = session("s");
        FakeOutbound out = TestSessions.connect(s);
        subscribe(s, "t", QoS.EXACTLY_ONCE, 0);

        upgrading.publish(publish("t", QoS.AT_MOST_ONCE, false, "p"));

        assertThat(out.last().delivery().qos()).isEqualTo(QoS.EXACTLY_ONCE);
    }

    @Test
    void eachSessionGetsItsOwnDelivery() {
        Session a = session("a");
        Session b = session("b");
        FakeOutbound outA = TestSessions.connect(a);
        FakeOutbound outB = TestSessions.connect(b);
        subscribe(a, "t/#", QoS.AT_LEAST_ONCE, 7);
        subscribe(a, "t/x", QoS.AT_MOST_ONCE, 0);
        subscribe(b, "t/x", QoS.AT_MOST_ONCE, 9);

        router.publish(publish("t/x", QoS.AT_LEAST_ONCE, false, "p"));

        assertThat(outA.publishes).hasSize(1);
        assertThat(outA.last().delivery().qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(outA.last().delivery().subscriptionIds()).containsExactly(7);
        assertThat(outB.publishes).hasSize(1);
        assertThat(outB.last().delivery().qos()).isEqualTo(QoS.AT_MOST_ONCE);
        assertThat(outB.last().delivery().subscriptionIds()).containsExactly(9);
    }

    @Test
    void noLocalSkipsThePublishersOwnSession() {
        // [MQTT-3.8.3-3]
        Session self = session("self");
        Session other = session("other");
        FakeOutbound selfOut = TestSessions.connect(self);
        FakeOutbound otherOut = TestSessions.connect(other);
        Subscription noLocal = new Subscription("t", QoS.AT_MOST_ONCE, true, false, RetainHandling.SEND_ON_SUBSCRIBE);
        subscribe(self, noLocal, 0);
        subscribe(other, noLocal, 0);

        router.publish(publish("t", QoS.AT_MOST_ONCE, false, "self"));

        assertThat(selfOut.publishes).isEmpty();
        assertThat(otherOut.publishes).hasSize(1);
    }

    @Test
    void noLocalOnOneSubscriptionDoesNotHideAnotherMatchingOne() {
        Session self = session("self");
        FakeOutbound out = TestSessions.connect(self);
        subscribe(self, new Subscription("t", QoS.AT_LEAST_ONCE, true, false, RetainHandling.SEND_ON_SUBSCRIBE), 1);
        subscribe(self, "#", QoS.AT_MOST_ONCE, 2);

        router.publish(publish("t", QoS.AT_LEAST_ONCE, false, "self"));

        assertThat(out.publishes).hasSize(1);
        assertThat(out.last().delivery().qos()).isEqualTo(QoS.AT_MOST_ONCE);
        assertThat(out.last().delivery().subscriptionIds()).containsExactly(2);
    }

    @Test
    void retainFlagIsClearedUnlessRetainAsPublished() {
        // [MQTT-3.3.1-12] [MQTT-3.3.1-13]
        Session plain = session("plain");
        Session rap = session("rap");
        FakeOutbound plainOut = TestSessions.connect(plain);
        FakeOutbound rapOut = TestSessions.connect(rap);
        subscribe(plain, "t", QoS.AT_MOST_ONCE, 0);
        subscribe(rap, new Subscription("t", QoS.AT_MOST_ONCE, false, true, RetainHandling.SEND_ON_SUBSCRIBE), 0);

        router.publish(publish("t", QoS.AT_MOST_ONCE, true, "p"));
        router.publish(publish("t", QoS.AT_MOST_ONCE, false, "p"));

        assertThat(plainOut.publishes).extracting(p -> p.delivery().retainFlag()).containsExactly(false, false);
        assertThat(rapOut.publishes).extracting(p -> p.delivery().retainFlag()).containsExactly(true, false);
    }

    @Test
    void retainAsPublishedOnAnyOverlappingSubscriptionKeepsTheFlag() {
        Session s = session("s");
        FakeOutbound out = TestSessions.connect(s);
        subscribe(s, "t", QoS.AT_MOST_ONCE, 0);
        subscribe(s, new Subscription("#", QoS.AT_MOST_ONCE, false, true, RetainHandling.SEND_ON_SUBSCRIBE), 0);

        router.publish(publish("t", QoS.AT_MOST_ONCE, true, "p"));

        assertThat(out.publishes).hasSize(1);
        assertThat(out.last().delivery().retainFlag()).isTrue();
    }

    @Test
    void retainedMessagesAreStoredAndEmptyPayloadRemovesThem() {
        // [MQTT-3.3.1-5] [MQTT-3.3.1-10]
        router.publish(publish("r/1", QoS.AT_LEAST_ONCE, true, "p"));
        router.publish(publish("r/2", QoS.AT_MOST_ONCE, false, "p"));
        assertThat(retained.size()).isEqualTo(1);

        router.publish(new Message("r/1", QoS.AT_MOST_ONCE, true, new byte[0], Properties.EMPTY, 0, "p"));

        assertThat(retained.size()).isZero();
        List<Message> found = new ArrayList<>();
        retained.forEachMatching("r/#", 0, found::add);
        assertThat(found).isEmpty();
    }

    @Test
    void routeFindsNobody() {
        Router.Route route = router.route(publish("nobody/here", QoS.AT_LEAST_ONCE, false, "p"));

        assertThat(route.isEmpty()).isTrue();
    }
}
