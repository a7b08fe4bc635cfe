package io.tombo.it.raw;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.tombo.it.raw.Packets.PUBLISH;
import static io.tombo.it.raw.Packets.V311;
import static io.tombo.it.raw.Packets.V5;
import static io.tombo.it.raw.Packets.options;
import static io.tombo.it.raw.Packets.publish;
import static io.tombo.it.raw.Packets.suback;
import static io.tombo.it.raw.Packets.subscribe;
import static io.tombo.it.raw.Packets.unsuback;
import static io.tombo.it.raw.Packets.unsubscribe;
import static org.assertj.core.api.Assertions.assertThat;

/** SUBSCRIBE, UNSUBSCRIBE and matching (Mosquitto's {@code test/broker/02-subpub-*}). */
class SubscribePublishIT {
    private static BrokerUnderTest broker;

    @BeforeAll
    static void startBroker() {
        broker = BrokerUnderTest.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    static Stream<Arguments> versionsAndQos() {
        List<Arguments> out = new ArrayList<>();
        for (int v : new int[] {V311, V5}) {
            for (int sub = 0; sub <= 2; sub++) {
                for (int pub = 0; pub <= 2; pub++) {
                    out.add(Arguments.of(v, sub, pub));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "MQTT level {0}, subscribe QoS {1}, publish QoS {2}")
    @MethodSource("versionsAndQos")
    void messageIsDeliveredAtTheLowerOfPublishAndGrantedQos(int version, int subQos, int pubQos) {
        // [MQTT-3.8.4-8] (5.0) / [MQTT-3.8.4-6] (3.1.1): delivered QoS = min(published, granted)
        String suffix = version + "-" + subQos + "-" + pubQos;
        try (RawClient sub = RawClient.connected(broker, version, "rt-sub-" + suffix);
             RawClient pub = RawClient.connected(broker, version, "rt-pub-" + suffix)) {
            sub.subscribe(version, 1, "qos/" + suffix, subQos);
            pub.publish(publish(version, "qos/" + suffix, "message"), pubQos, 7);
            int q = Math.min(subQos, pubQos);
            Received got = sub.expect(publish(version, "qos/" + suffix, "message").qos(q, q > 0 ? 1 : 0).bytes());
            sub.acknowledge(got.publish(version));
        }
    }

    @BothVersions
    void subackHasOneReasonCodePerFilterInOrder(int version) {
        // [MQTT-3.8.4-5] [MQTT-3.9.3-1] (3.1.1); [MQTT-3.8.4-6] [MQTT-3.9.3-1] (5.0)
        try (RawClient c = RawClient.connected(broker, version, "suback-order-" + version)) {
            c.send(subscribe(version, 3).filter("order/a/+", 0).filter("order/b/#", 2).filter("order/c", 1).bytes());
            c.expect(suback(version, 3, 0, 2, 1));
        }
    }

    @BothVersions
    void multiLevelWildcardMatchesTheParentLevel(int version) {
        // [MQTT-4.7.1-2]: "sport/#" matches "sport"
        try (RawClient c = RawClient.connected(broker, version, "hash-parent-" + version)) {
            c.subscribe(version, 1, "sport" + version + "/#", 0);
            c.send(publish(version, "sport" + version, "parent").bytes());
            c.expect(publish(version, "sport" + version, "parent").bytes());
            c.send(publish(version, "sport" + version + "/tennis/player1", "deep").bytes());
            c.expect(publish(version, "sport" + version + "/tennis/player1", "deep").bytes());
        }
    }

    @BothVersions
    void singleLevelWildcardMatchesExactlyOneLevel(int version) {
        // [MQTT-4.7.1-3]; an empty level is a level (4.7.3)
        String root = "plus" + version;
        try (RawClient c = RawClient.connected(broker, version, "plus-" + version)) {
            c.subscribe(version, 1, root + "/+/c", 0);
            for (String miss : List.of(root + "/b/d", root + "/b/x/c", root + "/c", root + "/b/c/d")) {
                c.send(publish(version, miss, "miss").bytes());
            }
            c.send(publish(version, root + "//c", "empty level").bytes());
            c.send(publish(version, root + "/b/c", "hit").bytes());
            // Messages from one publisher arrive in order (4.6), so seeing these two first proves the misses dropped.
            c.expect(publish(version, root + "//c", "empty level").bytes());
            c.expect(publish(version, root + "/b/c", "hit").bytes());
        }
    }

    @BothVersions
    void wildcardsAtTheFirstLevelDoNotMatchDollarTopics(int version) {
        // [MQTT-4.7.2-1]
        try (RawClient c = RawClient.connected(broker, version, "dollar-" + version)) {
            c.send(subscribe(version, 1).filter("#", 0).filter("+/dollar" + version, 0).bytes());
            c.expect(suback(version, 1, 0, 0));
            c.send(publish(version, "$test/dollar" + version, "hidden").bytes());
            c.send(publish(version, "plain/dollar" + version, "sentinel").bytes());
            Received got = c.expectType(PUBLISH);
            assertThat(got.publish(version).topic()).isEqualTo("plain/dollar" + version);
            if (version == V5 && Brokers.mosquitto()) {
                // Mosquitto sends a 5.0 client one copy per matching subscription (5.0 3.3.4 allows it); Tombo sends
                // one copy at the highest QoS in every version [MQTT-3.3.4-2].
                assertThat(c.expectType(PUBLISH).publish(version).topic()).isEqualTo("plain/dollar" + version);
            }
            c.expectNothing();
        }
    }

    @BothVersions
    void dollarTopicsMatchAnExplicitFilter(int version) {
        // [MQTT-4.7.2-1] only forbids wildcard matching at the first level
        try (RawClient c = RawClient.connected(broker, version, "dollar-explicit-" + version)) {
            c.subscribe(version, 1, "$test/explicit" + version + "/#", 0);
            c.send(publish(version, "$test/explicit" + version + "/x", "seen").bytes());
            c.expect(publish(version, "$test/explicit" + version + "/x", "seen").bytes());
        }
    }

    @Test
    void overlappingSubscriptionsDeliverOnceAtTheHighestQosIn311() {
        // [MQTT-3.3.5-1]
        try (RawClient c = RawClient.connected(broker, V311, "overlap-4")) {
            c.send(subscribe(V311, 1).filter("overlap4/#", 1).filter("overlap4/+", 2).bytes());
            c.expect(suback(V311, 1, 1, 2));
            try (RawClient pub = RawClient.connected(broker, V311, "overlap-4-pub")) {
                pub.publish(publish(V311, "overlap4/a", "hi"), 2, 9);
            }
            Received got = c.expect(publish(V311, "overlap4/a", "hi").qos(2, 1).bytes());
            c.acknowledge(got.publish(V311));
            c.expectNothing();
        }
    }

    @Test
    void overlappingSubscriptionsCarryTheirSubscriptionIdentifiersIn5() {
        // [MQTT-3.3.4-2] a copy at the highest QoS; [MQTT-3.3.4-5] each copy carries its subscription's identifier.
        // Mosquitto sends one copy per subscription (5.0 allows it [MQTT-3.3.4-5]); Tombo sends one.
        try (RawClient c = RawClient.connected(broker, V5, "overlap-5")) {
            c.send(subscribe(V5, 1).filter("overlap5/#", 1).props(Props.of().varint(Props.SUBSCRIPTION_ID, 5)).bytes());
            c.expect(suback(V5, 1, 1));
            c.send(subscribe(V5, 2).filter("overlap5/+", 2).props(Props.of().varint(Props.SUBSCRIPTION_ID, 6)).bytes());
            c.expect(suback(V5, 2, 2));
            try (RawClient pub = RawClient.connected(broker, V5, "overlap-5-pub")) {
                pub.publish(publish(V5, "overlap5/a", "hi"), 2, 9);
            }
            if (!Brokers.mosquitto()) {
                // Tombo: one copy at the highest granted QoS carrying every matching identifier [MQTT-3.3.4-4]
                Received.PublishView p = c.expectType(PUBLISH).publish(V5);
                c.acknowledge(p);
                assertThat(p.qos()).isEqualTo(2);
                assertThat(p.props().get(Props.SUBSCRIPTION_ID)).containsExactlyInAnyOrder(5, 6);
                c.expectNothing();
                return;
            }
            Set<String> copies = new HashSet<>();
            List<Received.PublishView> got = List.of(c.expectType(PUBLISH).publish(V5), c.expectType(PUBLISH).publish(V5));
            for (Received.PublishView p : got) {
                copies.add("qos " + p.qos() + " ids " + p.props().get(Props.SUBSCRIPTION_ID));
            }
            got.forEach(c::acknowledge);
            assertThat(copies).containsExactlyInAnyOrder("qos 1 ids [5]", "qos 2 ids [6]");
            c.expectNothing();
        }
    }

    @Test
    void subscriptionIdentifierIsSentWithMatchingMessages() {
        // [MQTT-3.3.4-3]
        try (RawClient c = RawClient.connected(broker, V5, "sub-id")) {
            c.send(subscribe(V5, 1).filter("subid/t", 0).props(Props.of().varint(Props.SUBSCRIPTION_ID, 300)).bytes());
            c.expect(suback(V5, 1, 0));
            c.send(publish(V5, "subid/t", "x").bytes());
            c.expect(publish(V5, "subid/t", "x").props(Props.of().varint(Props.SUBSCRIPTION_ID, 300)).bytes());
        }
    }

    @BothVersions
    void unsubscribeStopsDelivery(int version) {
        // [MQTT-3.10.4-1] [MQTT-3.10.4-4]
        String t = "unsub" + version;
        try (RawClient c = RawClient.connected(broker, version, "unsub-" + version)) {
            c.send(subscribe(version, 1).filter(t + "/gone", 0).filter(t + "/kept", 0).bytes());
            c.expect(suback(version, 1, 0, 0));
            c.send(unsubscribe(version, 2, t + "/gone"));
            c.expect(unsuback(version, 2, 0x00));
            c.send(publish(version, t + "/gone", "no").bytes());
            c.send(publish(version, t + "/kept", "yes").bytes());
            c.expect(publish(version, t + "/kept", "yes").bytes());
        }
    }

    @BothVersions
    void unsubscribeWithoutSubscriptionIsStillAcknowledged(int version) {
        // [MQTT-3.10.4-5]; 5.0 says 0x11 no subscription existed
        try (RawClient c = RawClient.connected(broker, version, "unsub-none-" + version)) {
            c.send(unsubscribe(version, 5, "never/subscribed"));
            c.expect(unsuback(version, 5, 0x11));
        }
    }

    @Test
    void noLocalSubscriptionDoesNotEchoOwnMessages() {
        // [MQTT-3.8.3-3]
        try (RawClient c = RawClient.connected(broker, V5, "no-local")) {
            c.send(subscribe(V5, 1).filter("nolocal/mine", options(0, true, false, 0))
                    .filter("nolocal/echo", options(0, false, false, 0)).bytes());
            c.expect(suback(V5, 1, 0, 0));
            c.send(publish(V5, "nolocal/mine", "not for me").bytes());
            c.send(publish(V5, "nolocal/echo", "echo").bytes());
            c.expect(publish(V5, "nolocal/echo", "echo").bytes());
            try (RawClient other = RawClient.connected(broker, V5, "no-local-other")) {
                other.send(publish(V5, "nolocal/mine", "from elsewhere").bytes());
                c.expect(publish(V5, "nolocal/mine", "from elsewhere").bytes());
            }
        }
    }

    @BothVersions
    void sharedSubscriptionDeliversEachMessageToOneMember(int version) {
        // 5.0 section 4.8.2 (no rule id): a shared subscription sends each message to one session of the group.
        // Mosquitto also accepts $share from 3.1.1 clients and round-robins; only "exactly one" is asserted.
        String topic = "shared" + version + "/t";
        try (RawClient a = RawClient.connected(broker, version, "share-a-" + version);
             RawClient b = RawClient.connected(broker, version, "share-b-" + version);
             RawClient pub = RawClient.connected(broker, version, "share-pub-" + version)) {
            a.subscribe(version, 1, "$share/g/" + topic, 1);
            b.subscribe(version, 1, "$share/g/" + topic, 1);
            for (int i = 0; i < 4; i++) {
                pub.publish(publish(version, topic, "m" + i), 1, i + 1);
            }
            List<String> received = new ArrayList<>();
            drain(version, a, received);
            drain(version, b, received);
            assertThat(received).containsExactlyInAnyOrder("m0", "m1", "m2", "m3");
        }
    }

    private static void drain(int version, RawClient c, List<String> into) {
        while (true) {
            Received got;
            try {
                got = c.read(RawClient.QUIET);
            } catch (AssertionError timeout) {
                return;
            }
            Received.PublishView p = got.publish(version);
            into.add(p.payloadText());
            c.acknowledge(p);
        }
    }

    @BothVersions
    void invalidTopicFilterClosesTheConnection(int version) {
        // [MQTT-4.7.1-1] "#" must be last; [MQTT-4.7.1-3] "+" must occupy a whole level. Mosquitto treats both as
        // malformed: 3.1.1 closes, 5.0 sends DISCONNECT 0x81 first.
        for (String bad : List.of("a/#/b", "a/b+")) {
            try (RawClient c = RawClient.connected(broker, version, "bad-filter-" + version)) {
                c.send(subscribe(version, 1, bad, 0));
                c.expectDisconnectOrClose(version, 0x81);
            }
        }
    }
}
