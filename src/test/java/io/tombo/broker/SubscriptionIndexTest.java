package io.tombo.broker;

import io.tombo.codec.QoS;
import io.tombo.codec.Topics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.tombo.broker.TestSessions.connect;
import static io.tombo.broker.TestSessions.session;
import static io.tombo.broker.TestSessions.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionIndexTest {
    private final SubscriptionIndex index = new SubscriptionIndex();

    /** Subscribes one session per filter (named after it) and returns the filters matching {@code topic}. */
    private List<String> matchingFilters(String topic, String... filters) {
        SubscriptionIndex idx = new SubscriptionIndex();
        Map<Session, String> byFilter = new HashMap<>();
        for (String f : filters) {
            Session s = session(f);
            byFilter.put(s, f);
            idx.subscribe(f, subscriber(s, f, QoS.AT_MOST_ONCE));
        }
        List<String> got = new ArrayList<>();
        idx.match(topic, sub -> got.add(byFilter.get(sub.session())));
        return got;
    }

    private List<Subscriber> match(String topic) {
        List<Subscriber> got = new ArrayList<>();
        index.match(topic, got::add);
        return got;
    }

    @Test
    void exactPlusAndHashMatchTheirTopics() {
        assertThat(matchingFilters("a/b/c", "a/b/c", "a/+/c", "a/#", "#", "+/+/+", "a/b", "a/+/d", "b/#"))
                .containsExactlyInAnyOrder("a/b/c", "a/+/c", "a/#", "#", "+/+/+");
    }

    @Test
    void hashMatchesItsParentLevel() {
        // [MQTT-4.7.1-2]
        assertThat(matchingFilters("sport", "sport/#", "sport/+", "+/#", "#", "sport"))
                .containsExactlyInAnyOrder("sport/#", "+/#", "#", "sport");
        assertThat(matchingFilters("sport/", "sport/#", "sport/+"))
                .containsExactlyInAnyOrder("sport/#", "sport/+");
    }

    @Test
    void plusMatchesEmptyLevels() {
        assertThat(matchingFilters("a//b", "a/+/b", "a/b", "+/+/+", "a/#")).containsExactlyInAnyOrder("a/+/b", "+/+/+", "a/#");
        assertThat(matchingFilters("/a", "+/a", "/a", "+/+", "+", "/#")).containsExactlyInAnyOrder("+/a", "/a", "+/+", "/#");
    }

    @Test
    void dollarTopicsAreNotMatchedByFirstLevelWildcards() {
        // [MQTT-4.7.2-1]
        assertThat(matchingFilters("$SYS/broker/uptime", "#", "+/broker/uptime", "+/#", "$SYS/#", "$SYS/+/uptime",
                "$SYS/broker/uptime")).containsExactlyInAnyOrder("$SYS/#", "$SYS/+/uptime", "$SYS/broker/uptime");
        assertThat(matchingFilters("$SYS", "#", "+", "$SYS", "$SYS/#")).containsExactlyInAnyOrder("$SYS", "$SYS/#");
    }

    @Test
    void sharedGroupDeliversToExactlyOneMember() {
        Session a = session("a");
        Session b = session("b");
        Session c = session("c");
        connect(a);
        connect(b);
        connect(c);
        index.subscribe("$share/g/t/#", subscriber(a, "$share/g/t/#", QoS.AT_MOST_ONCE));
        index.subscribe("$share/g/t/#", subscriber(b, "$share/g/t/#", QoS.AT_MOST_ONCE));
        index.subscribe("$share/h/t/#", subscriber(c, "$share/h/t/#", QoS.AT_MOST_ONCE));
        for (int i = 0; i < 10; i++) {
            List<Subscriber> got = match("t/x");
            // one member of g, plus c as the only member of h [MQTT-4.8.2-3]
            assertThat(got).hasSize(2);
            assertThat(got.stream().filter(s -> s.session() == c)).hasSize(1);
        }
    }

    @Test
    void sharedGroupRoundRobinsAmongConnectedMembers() {
        List<Session> members = List.of(session("m1"), session("m2"), session("m3"), session("m4"));
        Session offline = members.get(2);
        for (Session s : members) {
            if (s != offline) {
                connect(s);
            }
            index.subscribe("$share/g/t", subscriber(s, "$share/g/t", QoS.AT_MOST_ONCE));
        }
        Map<String, Integer> received = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            List<Subscriber> got = match("t");
            assertThat(got).hasSize(1);
            received.merge(got.get(0).session().clientId(), 1, Integer::sum);
        }
        assertThat(received).doesNotContainKey("m3");
        assertThat(received.keySet()).containsExactlyInAnyOrder("m1", "m2", "m4");
        assertThat(received.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(50));
    }

    /**
     * Round-robin among the connected members means each gets an equal share. An offline member's turn must not
     * all go to the member after it (that one would carry double the load of the others).
     */
    @Test
    void sharedGroupSharesEvenlyAmongConnectedMembersWhenOneIsOffline() {
        List<Session> members = List.of(session("m1"), session("m2"), session("m3"), session("m4"));
        for (Session s : members) {
            if (!s.clientId().equals("m3")) {
                connect(s);
            }
            index.subscribe("$share/g/t", subscriber(s, "$share/g/t", QoS.AT_MOST_ONCE));
        }
        Map<String, Integer> received = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            received.merge(match("t").get(0).session().clientId(), 1, Integer::sum);
        }
        assertThat(received).containsOnlyKeys("m1", "m2", "m4");
        assertThat(received.values()).as("messages per connected member: %s", received)
                .allSatisfy(n -> assertThat(n).isBetween(95, 105));
    }

    @Test
    void sharedGroupWithTwoConnectedMembersAlternates() {
        Session a = session("a");
        Session b = session("b");
        connect(a);
        connect(b);
        index.subscribe("$share/g/t", subscriber(a, "$share/g/t", QoS.AT_MOST_ONCE));
        index.subscribe("$share/g/t", subscriber(b, "$share/g/t", QoS.AT_MOST_ONCE));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.add(match("t").get(0).session().clientId());
        }
        for (int i = 1; i < order.size(); i++) {
            assertThat(order.get(i)).isNotEqualTo(order.get(i - 1));
        }
    }

    @Test
    void sharedGroupWithOnlyOfflineMembersStillPicksOne() {
        Session a = session("a");
        index.subscribe("$share/g/t", subscriber(a, "$share/g/t", QoS.AT_LEAST_ONCE));
        assertThat(match("t")).extracting(Subscriber::session).containsExactly(a);
    }

    @Test
    void unsubscribeRemovesOnlyThatSessionsSubscription() {
        Session a = session("a");
        Session b = session("b");
        index.subscribe("t/+", subscriber(a, "t/+", QoS.AT_MOST_ONCE));
        index.subscribe("t/+", subscriber(b, "t/+", QoS.AT_MOST_ONCE));
        index.subscribe("$share/g/t/+", subscriber(a, "$share/g/t/+", QoS.AT_MOST_ONCE));
        index.subscribe("$share/g/t/+", subscriber(b, "$share/g/t/+", QoS.AT_MOST_ONCE));

        assertThat(index.unsubscribe("t/+", a)).isTrue();
        assertThat(index.unsubscribe("$share/g/t/+", a)).isTrue();

        assertThat(match("t/x")).extracting(Subscriber::session).containsExactly(b, b);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void unsubscribeByAnEndedSessionKeepsTheNewerSessionOfTheSameClient() {
        Session old = session("c");
        Session newer = session("c");
        index.subscribe("t", subscriber(old, "t", QoS.AT_MOST_ONCE));
        index.subscribe("t", subscriber(newer, "t", QoS.AT_LEAST_ONCE)); // same client id: replaces

        assertThat(index.unsubscribe("t", old)).isFalse();

        assertThat(match("t")).extracting(Subscriber::session).containsExactly(newer);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void unsubscribeOfUnknownFilterIsFalse() {
        Session a = session("a");
        index.subscribe("a/b", subscriber(a, "a/b", QoS.AT_MOST_ONCE));
        assertThat(index.unsubscribe("a/c", a)).isFalse();
        assertThat(index.unsubscribe("a/b/c", a)).isFalse();
        assertThat(index.unsubscribe("$share/g/a/b", a)).isFalse();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void resubscribeReplacesTheSubscription() {
        // [MQTT-3.8.4-3]
        Session a = session("a");
        assertThat(index.subscribe("t/#", subscriber(a, "t/#", QoS.AT_MOST_ONCE))).isTrue();
        assertThat(index.subscribe("t/#", subscriber(a, "t/#", QoS.EXACTLY_ONCE))).isFalse();

        List<Subscriber> got = match("t/x");
        assertThat(got).hasSize(1);
        assertThat(got.get(0).options().maximumQos()).isEqualTo(QoS.EXACTLY_ONCE);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void sizeCountsOrdinaryAndSharedSubscriptions() {
        Session a = session("a");
        Session b = session("b");
        assertThat(index.size()).isZero();
        index.subscribe("x", subscriber(a, "x", QoS.AT_MOST_ONCE));
        index.subscribe("x", subscriber(b, "x", QoS.AT_MOST_ONCE));
        index.subscribe("$share/g/x", subscriber(a, "$share/g/x", QoS.AT_MOST_ONCE));
        index.subscribe("y/#", subscriber(a, "y/#", QoS.AT_MOST_ONCE));
        assertThat(index.size()).isEqualTo(4);
        index.unsubscribe("x", a);
        index.unsubscribe("x", a);
        assertThat(index.size()).isEqualTo(3);
    }

    /** Two implementations of the matching rules exist (the tree and the retained-message scan); they must agree. */
    @Test
    void indexAgreesWithTopicMatcherOnRandomFiltersAndTopics() {
        Random random = new Random(20240611L);
        String[] levels = {"a", "b", "c", "", "$x", "$SYS", "sport"};
        List<String> filters = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (filters.size() < 400) {
            String f = randomFilter(random, levels);
            if (seen.add(f)) {
                filters.add(f);
            }
        }
        SubscriptionIndex idx = new SubscriptionIndex();
        Map<Session, String> filterOf = new HashMap<>();
        for (String f : filters) {
            Session s = session("s" + filterOf.size());
            filterOf.put(s, f);
            idx.subscribe(f, subscriber(s, f, QoS.AT_MOST_ONCE));
        }
        for (int i = 0; i < 2000; i++) {
            String topic = randomTopic(random, levels);
            List<String> fromIndex = new ArrayList<>();
            idx.match(topic, sub -> fromIndex.add(filterOf.get(sub.session())));
            List<String> expected = filters.stream().filter(f -> Topics.matches(f, topic)).toList();
            assertThat(fromIndex).as("filters matching topic '%s'", topic).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** Matches are cached per topic; every subscribe and unsubscribe in between must show in the next match. */
    @Test
    void cachedMatchesFollowEverySubscriptionChange() {
        Random random = new Random(20261122L);
        String[] levels = {"a", "b", "c", "", "$x", "sport"};
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            topics.add(randomTopic(random, levels));
        }
        SubscriptionIndex idx = new SubscriptionIndex();
        Map<String, Session> sessions = new HashMap<>();
        Map<Session, Set<String>> subscribed = new HashMap<>();
        for (int step = 0; step < 3000; step++) {
            Session s = sessions.computeIfAbsent("s" + random.nextInt(20), TestSessions::session);
            String f = randomFilter(random, levels);
            Set<String> mine = subscribed.computeIfAbsent(s, k -> new HashSet<>());
            if (random.nextBoolean()) {
                idx.subscribe(f, subscriber(s, f, QoS.AT_MOST_ONCE));
                mine.add(f);
            } else if (!mine.isEmpty()) {
                String gone = mine.iterator().next();
                idx.unsubscribe(gone, s);
                mine.remove(gone);
            }
            String topic = topics.get(random.nextInt(topics.size()));
            List<String> got = new ArrayList<>();
            idx.match(topic, sub -> got.add(sub.session().clientId() + " " + sub.options().topicFilter()));
            List<String> expected = new ArrayList<>();
            subscribed.forEach((session, fs) -> fs.stream().filter(x -> Topics.matches(x, topic))
                    .forEach(x -> expected.add(session.clientId() + " " + x)));
            assertThat(got).as("step %d, topic '%s'", step, topic).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String randomFilter(Random random, String[] levels) {
        int depth = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                sb.append('/');
            }
            int pick = random.nextInt(levels.length + 2);
            if (pick == levels.length) {
                sb.append('+');
            } else if (pick == levels.length + 1) {
                sb.append('#');
                break; // '#' only last [MQTT-4.7.1-2]
            } else {
                sb.append(levels[pick]);
            }
        }
        return sb.toString();
    }

    private static String randomTopic(Random random, String[] levels) {
        int depth = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(levels[random.nextInt(levels.length)]);
        }
        return sb.toString();
    }
}
