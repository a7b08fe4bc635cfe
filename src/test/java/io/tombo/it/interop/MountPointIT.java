package io.tombo.it.interop;

import io.tombo.it.BrokerUnderTest;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mount_point}: clients of a mounted listener live under its prefix. What they publish (and their wills)
 * lands under it, what they subscribe to is looked up under it, and they see topics without it; they cannot reach
 * anything outside, as mosquitto.conf(5) describes. Paho Java on both listeners; runs against Mosquitto as well,
 * except where Mosquitto 2.0.11 leaves the prefix on the topics it sends to a mounted client.
 */
class MountPointIT {
    private BrokerUnderTest broker;
    private int mountedPort;
    private final List<MqttClient> clients = new ArrayList<>();

    static boolean mosquitto() {
        return BrokerUnderTest.isMosquitto();
    }

    @BeforeEach
    void start() throws Exception {
        mountedPort = BrokerUnderTest.freePort();
        broker = BrokerUnderTest.start("listener " + mountedPort + " 127.0.0.1\nmount_point tenant/\n");
    }

    @AfterEach
    void stop() throws Exception {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(1000, 1000);
            }
            c.close();
        }
        broker.close();
    }

    private MqttClient client(String id, boolean mounted, TlsIT.Inbox inbox, MqttConnectOptions options)
            throws Exception {
        String uri = mounted ? "tcp://127.0.0.1:" + mountedPort : broker.uri();
        MqttClient c = new MqttClient(uri, id, new MemoryPersistence());
        clients.add(c);
        c.setCallback(inbox);
        c.connect(options);
        return c;
    }

    private MqttClient client(String id, boolean mounted, TlsIT.Inbox inbox) throws Exception {
        return client(id, mounted, inbox, new MqttConnectOptions());
    }

    @Test
    @DisabledIf("io.tombo.it.interop.MountPointIT#mosquitto") // 2.0.11 delivers with the prefix, unlike its man page
    void mountedClientSeesOnlyItsSubtreeWithoutThePrefix() throws Exception {
        TlsIT.Inbox tenant = new TlsIT.Inbox();
        client("tenant-sub", true, tenant).subscribe("#", 1);
        MqttClient outside = client("outside-pub", false, new TlsIT.Inbox());

        outside.publish("elsewhere/x", "not for the tenant".getBytes(StandardCharsets.UTF_8), 1, false);
        outside.publish("tenant/room/temp", "21.5".getBytes(StandardCharsets.UTF_8), 1, false);

        MqttMessage m = tenant.messages.poll(10, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(new String(m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("21.5");
        // one publisher's messages arrive in order: had the first one leaked in, it would be here instead
        assertThat(tenant.topics.poll()).isEqualTo("room/temp");
    }

    @Test
    void mountedClientPublishesUnderThePrefix() throws Exception {
        TlsIT.Inbox outside = new TlsIT.Inbox();
        client("outside-sub", false, outside).subscribe("#", 1);
        MqttClient tenant = client("tenant-pub", true, new TlsIT.Inbox());

        tenant.publish("door", "open".getBytes(StandardCharsets.UTF_8), 1, false);

        assertThat(outside.messages.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(outside.topics.poll()).isEqualTo("tenant/door");
    }

    @Test
    void willOfAMountedClientLandsUnderThePrefix() throws Exception {
        TlsIT.Inbox outside = new TlsIT.Inbox();
        client("outside-will", false, outside).subscribe("tenant/status", 1);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setWill("status", "gone".getBytes(StandardCharsets.UTF_8), 1, false);
        MqttClient tenant = client("tenant-will", true, new TlsIT.Inbox(), options);

        tenant.disconnectForcibly(0, 0, false); // no DISCONNECT: the will is published

        MqttMessage m = outside.messages.poll(10, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(new String(m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("gone");
    }

    @Test
    @DisabledIf("io.tombo.it.interop.MountPointIT#mosquitto") // 2.0.11 delivers with the prefix, unlike its man page
    void unsubscribeAndRetainedMessagesUseTheMountedFilter() throws Exception {
        MqttClient outside = client("outside-retain", false, new TlsIT.Inbox());
        outside.publish("tenant/config", "v1".getBytes(StandardCharsets.UTF_8), 1, true);
        TlsIT.Inbox tenant = new TlsIT.Inbox();
        MqttClient c = client("tenant-retain", true, tenant);

        c.subscribe(new String[] {"config", "marker"}, new int[] {1, 1});
        assertThat(tenant.messages.poll(10, TimeUnit.SECONDS)).as("retained message under the mount").isNotNull();
        assertThat(tenant.topics.poll()).isEqualTo("config");

        c.unsubscribe("config");
        outside.publish("tenant/config", "v2".getBytes(StandardCharsets.UTF_8), 1, false);
        outside.publish("tenant/marker", "after".getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(tenant.messages.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(tenant.topics.poll()).as("config was unsubscribed, so the marker comes next").isEqualTo("marker");
        outside.publish("tenant/config", "".getBytes(StandardCharsets.UTF_8), 1, true);
    }
}
