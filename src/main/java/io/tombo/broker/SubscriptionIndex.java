package io.tombo.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Every subscription of every session, as a tree of topic levels: {@code a/+/c} is the path a → + → c.
 * Matching a topic walks only the branches its levels, {@code +} and {@code #} select, so its cost follows
 * the depth of the topic, not the number of subscriptions.
 *
 * <p>Threading: many publishers match concurrently while sessions subscribe and unsubscribe; every node is
 * built of concurrent maps and there is no lock. A match that races with a subscribe may or may not see it,
 * which the spec allows. Empty nodes are kept: a filter once used costs a few hundred bytes for the broker's
 * lifetime (pruning without a lock is left for later).
 *
 * <p>Rules: {@code #} matches the parent level too, "sport/#" matches "sport" [MQTT-4.7.1-2]; wildcards at the
 * first level never match topics starting with '$' [MQTT-4.7.2-1]; each shared group ({@code $share/g/f})
 * receives a message once, on one of its members [MQTT-4.8.2-3].
 */
public final class SubscriptionIndex {
    /** Distinct topics whose matches are remembered; past it the cache starts again (sensor fleets fit). */
    private static final int CACHED_TOPICS = 16_384;

    private final Node root = new Node();
    private final AtomicInteger count = new AtomicInteger();
    /**
     * Bumped by every subscribe and unsubscribe: a cached match computed before the change is stale. Publishers
     * mostly send to the same topics again and again, and the walk (a map look-up and a substring per level and
     * wildcard) was a sixth of fan-in's profile.
     */
    private final AtomicLong version = new AtomicLong();
    private final ConcurrentHashMap<String, CachedMatch> cache = new ConcurrentHashMap<>();

    /** Adds or replaces the session's subscription to {@code topicFilter}; true when it is new. */
    public boolean subscribe(String topicFilter, Subscriber subscriber) {
        SharedFilter sf = SharedFilter.parse(topicFilter);
        Node node = root;
        for (String level : sf.filter().split("/", -1)) {
            node = node.children.computeIfAbsent(level, l -> new Node());
        }
        String clientId = subscriber.session().clientId();
        Subscriber previous;
        if (sf.isShared()) {
            previous = node.shared.computeIfAbsent(sf.shareName(), g -> new SharedGroup()).members.put(clientId, subscriber);
        } else {
            previous = node.subscribers.put(clientId, subscriber);
        }
        version.incrementAndGet(); // also when replaced: the options changed
        if (previous == null) {
            count.incrementAndGet();
        }
        return previous == null;
    }

    /** Removes the session's subscription to {@code topicFilter}; true when there was one. */
    public boolean unsubscribe(String topicFilter, Session session) {
        SharedFilter sf = SharedFilter.parse(topicFilter);
        Node node = root;
        for (String level : sf.filter().split("/", -1)) {
            node = node.children.get(level);
            if (node == null) {
                return false;
            }
        }
        Subscriber removed;
        if (sf.isShared()) {
            SharedGroup group = node.shared.get(sf.shareName());
            removed = group == null ? null : group.members.remove(session.clientId());
        } else {
            removed = node.subscribers.remove(session.clientId());
        }
        // only the session's own subscription goes: a newer session with the same client id keeps its own
        if (removed != null && removed.session() != session) {
            if (sf.isShared()) {
                node.shared.get(sf.shareName()).members.putIfAbsent(session.clientId(), removed);
            } else {
                node.subscribers.putIfAbsent(session.clientId(), removed);
            }
            return false;
        }
        if (removed != null) {
            version.incrementAndGet();
            count.decrementAndGet();
        }
        return removed != null;
    }

    /** The number of subscriptions held, shared ones included. */
    public int size() {
        return count.get();
    }

    /**
     * Calls {@code sink} for every subscription matching {@code topic}: once per ordinary subscription, and once
     * per shared group with the member chosen to receive it.
     */
    public void match(String topic, Consumer<Subscriber> sink) {
        long now = version.get();
        CachedMatch cached = cache.get(topic);
        if (cached == null || cached.version != now) {
            cached = walk(topic, now);
            if (cache.size() >= CACHED_TOPICS) {
                cache.clear();
            }
            cache.put(topic, cached);
        }
        for (Subscriber s : cached.subscribers) {
            sink.accept(s);
        }
        for (SharedGroup g : cached.groups) {
            Subscriber chosen = g.next(); // chosen per message, not cached
            if (chosen != null) {
                sink.accept(chosen);
            }
        }
    }

    /** The subscriptions and shared groups matching {@code topic}, by walking the tree. */
    private CachedMatch walk(String topic, long version) {
        List<Subscriber> subscribers = new ArrayList<>(4);
        List<SharedGroup> groups = new ArrayList<>(0);
        boolean dollar = !topic.isEmpty() && topic.charAt(0) == '$';
        match(root, topic, 0, dollar, new Matches(subscribers, groups));
        return new CachedMatch(version, subscribers.toArray(Subscriber[]::new), groups.toArray(SharedGroup[]::new));
    }

    /** A topic's matches as of {@code version}. */
    private record CachedMatch(long version, Subscriber[] subscribers, SharedGroup[] groups) {
    }

    /** What a walk collects. */
    private record Matches(List<Subscriber> subscribers, List<SharedGroup> groups) {
    }

    private static void match(Node node, String topic, int start, boolean dollarFirstLevel, Matches sink) {
        int end = topic.indexOf('/', start);
        String level = end < 0 ? topic.substring(start) : topic.substring(start, end);
        boolean wildcardsAllowed = !dollarFirstLevel;
        if (wildcardsAllowed) {
            Node hash = node.children.get("#");
            if (hash != null) {
                hash.deliverTo(sink);
            }
        }
        Node exact = node.children.get(level);
        Node plus = wildcardsAllowed ? node.children.get("+") : null;
        if (end < 0) {
            if (exact != null) {
                exact.deliverToWithParentHash(sink);
            }
            if (plus != null) {
                plus.deliverToWithParentHash(sink);
            }
            return;
        }
        if (exact != null) {
            match(exact, topic, end + 1, false, sink);
        }
        if (plus != null) {
            match(plus, topic, end + 1, false, sink);
        }
    }

    private static final class Node {
        final Map<String, Node> children = new ConcurrentHashMap<>(4);
        final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>(2);
        final Map<String, SharedGroup> shared = new ConcurrentHashMap<>(1);

        void deliverTo(Matches sink) {
            if (!subscribers.isEmpty()) {
                sink.subscribers().addAll(subscribers.values());
            }
            if (!shared.isEmpty()) {
                sink.groups().addAll(shared.values());
            }
        }

        /** At the topic's last level: this node's subscribers, and those of "x/#" for topic "x". */
        void deliverToWithParentHash(Matches sink) {
            deliverTo(sink);
            Node hash = children.get("#");
            if (hash != null) {
                hash.deliverTo(sink);
            }
        }
    }

    /** The members of one shared subscription; messages go round-robin, preferring connected members. */
    private static final class SharedGroup {
        final Map<String, Subscriber> members = new ConcurrentHashMap<>(4);
        final AtomicInteger turn = new AtomicInteger();

        Subscriber next() {
            Object[] all = members.values().toArray();
            if (all.length == 0) {
                return null;
            }
            List<Subscriber> connected = new ArrayList<>(all.length);
            for (Object o : all) {
                Subscriber s = (Subscriber) o;
                if (s.session().isConnected()) {
                    connected.add(s);
                }
            }
            // turns go round the connected members only, so an offline one does not double its neighbour's share;
            // with nobody connected, a member's session queues the message
            int turnNow = turn.getAndIncrement();
            return connected.isEmpty() ? (Subscriber) all[Math.floorMod(turnNow, all.length)]
                    : connected.get(Math.floorMod(turnNow, connected.size()));
        }
    }
}
