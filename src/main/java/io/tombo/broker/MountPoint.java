package io.tombo.broker;

import io.tombo.codec.Connect;
import io.tombo.codec.Will;

/**
 * A listener's {@code mount_point}: the clients of that listener live under a prefix of the broker's topic tree.
 * Topics and filters get the prefix on the way in (PUBLISH, SUBSCRIBE, UNSUBSCRIBE, will) and lose it on the way
 * out, so a client on a listener with mount point {@code tenant/} sees and reaches only {@code tenant/...}, as
 * in Mosquitto. A shared subscription keeps its {@code $share/NAME/} in front: the prefix goes on the filter part.
 */
record MountPoint(String prefix) {
    static final MountPoint NONE = new MountPoint("");

    static MountPoint of(String mountPoint) {
        return mountPoint == null || mountPoint.isEmpty() ? NONE : new MountPoint(mountPoint);
    }

    boolean isNone() {
        return prefix.isEmpty();
    }

    /** A topic name as the broker knows it. */
    String topic(String clientTopic) {
        return prefix + clientTopic;
    }

    /** A topic filter as the broker's index knows it. */
    String filter(String clientFilter) {
        if (isNone()) {
            return clientFilter;
        }
        SharedFilter shared = SharedFilter.parse(clientFilter);
        return shared.isShared() ? "$share/" + shared.shareName() + "/" + prefix + shared.filter() : prefix + clientFilter;
    }

    /** A topic name as the client knows it; every topic a mounted client receives starts with the prefix. */
    String strip(String topic) {
        return topic.startsWith(prefix) ? topic.substring(prefix.length()) : topic;
    }

    /** The CONNECT with its will topic mounted, so that the will lands where the client's messages do. */
    Connect mountWill(Connect c) {
        Will w = c.will();
        if (isNone() || w == null) {
            return c;
        }
        Will mounted = new Will(topic(w.topic()), w.payload(), w.qos(), w.retain(), w.properties());
        return new Connect(c.version(), c.clientId(), c.cleanStart(), c.keepAliveSeconds(), c.username(),
                c.password(), mounted, c.properties());
    }
}
