package io.tombo.it.security;

import io.tombo.it.BrokerUnderTest;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tombo.it.security.SecuredBroker.ADMIN;
import static io.tombo.it.security.SecuredBroker.ADMIN_PASSWORD;
import static io.tombo.it.security.SecuredBroker.ALICE;
import static io.tombo.it.security.SecuredBroker.ALICE_PASSWORD;
import static io.tombo.it.security.SecuredBroker.BOB;
import static io.tombo.it.security.SecuredBroker.BOB_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SecuredBroker#ACL} applied to real clients, run against Tombo and (with {@code -Dtombo.it.broker=mosquitto})
 * Debian's mosquitto 2.0.11, which both must pass unchanged. A message that must not arrive is followed by one that
 * must, from the same publisher: once the second is in, the first would have been too.
 */
class AclIT {
    private static final int NOT_AUTHORIZED = 0x87;

    private BrokerUnderTest broker;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() {
        broker = SecuredBroker.start(SecuredBroker.ACL, "");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        broker.close();
    }

    private V5Client v5(String clientId, String user, String password) throws Exception {
        V5Client c = V5Client.connect(broker, clientId, user, password);
        open.add(c);
        return c;
    }

    @Test
    void deniedPublishIsRefusedWith0x87InV5AndNotDelivered() throws Exception {
        V5Client admin = v5("admin-sub", ADMIN, ADMIN_PASSWORD);
        admin.subscribe("#");
        V5Client alice = v5("alice-pub", ALICE, ALICE_PASSWORD);

        assertThat(alice.publish("other/x", 1, false)).isEqualTo(NOT_AUTHORIZED);
        // Paho v5 drops its connection after a PUBREC with an error (both brokers): QoS 2 on a client of its own
        assertThat(v5("alice-q2", ALICE, ALICE_PASSWORD).publish("other/y", 2, false)).isEqualTo(NOT_AUTHORIZED);
        assertThat(alice.publish("alice/secret", 1, false)).as("deny beats readwrite alice/#").isEqualTo(NOT_AUTHORIZED);
        assertThat(alice.publish("public/news", 1, false)).as("read-only").isEqualTo(NOT_AUTHORIZED);
        assertThat(alice.publish("drop/box", 1, false)).isZero();
        assertThat(alice.publish("alice/done", 1, false)).isZero();

        assertThat(admin.receiveUntil("alice/done")).containsExactly("drop/box", "alice/done");
    }

    @Test
    void deniedPublishIsAcknowledgedAndDroppedIn311() throws Exception {
        V5Client admin = v5("admin-sub", ADMIN, ADMIN_PASSWORD);
        admin.subscribe("#");
        MqttClient alice = new MqttClient(broker.uri(), "alice-v3", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(ALICE);
        o.setPassword(ALICE_PASSWORD.toCharArray());
        alice.connect(o);
        open.add(() -> {
            alice.disconnect();
            alice.close();
        });

        // a 3.1.1 PUBACK has no reason code: the publisher is told nothing, as Mosquitto does [MQTT-3.3.5-2] (3.1.1)
        alice.publish("other/x", "no".getBytes(StandardCharsets.UTF_8), 1, false);
        alice.publish("other/y", "no".getBytes(StandardCharsets.UTF_8), 2, false);
        alice.publish("alice/done", "yes".getBytes(StandardCharsets.UTF_8), 1, false);

        assertThat(admin.receiveUntil("alice/done")).containsExactly("alice/done");
    }

    @Test
    void subscriptionOutsideTheAclIsGrantedButDeliversNothing() throws Exception {
        // Mosquitto 2.0 grants every subscription and checks read access per message at delivery; so does Tombo,
        // so that a wildcard reaching beyond the ACL still delivers what the ACL allows
        V5Client alice = v5("alice-sub", ALICE, ALICE_PASSWORD);
        assertThat(alice.subscribe("other/#", "#", "alice/#")).containsExactly(1, 1, 1);
        V5Client admin = v5("admin-pub", ADMIN, ADMIN_PASSWORD);

        admin.publish("other/x", 1, false);
        admin.publish("alice/secret", 1, false);
        admin.publish("drop/box", 1, false);
        admin.publish("public/news", 1, false);
        admin.publish("alice/done", 1, false);

        assertThat(alice.receiveUntil("alice/done")).containsExactly("public/news", "alice/done");
    }

    @Test
    void retainedMessagesAreCheckedAtDelivery() throws Exception {
        V5Client admin = v5("admin-pub", ADMIN, ADMIN_PASSWORD);
        for (String topic : List.of("other/r", "alice/secret", "public/r", "alice/r")) {
            assertThat(admin.publish(topic, 1, true)).isIn(0, 0x10);
        }
        V5Client alice = v5("alice-sub", ALICE, ALICE_PASSWORD);
        alice.subscribe("#");
        admin.publish("alice/done", 1, false);

        assertThat(alice.receiveUntil("alice/done")).containsExactlyInAnyOrder(
                "public/r (retained)", "alice/r (retained)", "alice/done");
    }

    @Test
    void patternsGivePerClientAndPerUserTopics() throws Exception {
        V5Client admin = v5("admin-sub", ADMIN, ADMIN_PASSWORD);
        admin.subscribe("#");
        V5Client dev = v5("dev1", BOB, BOB_PASSWORD);
        assertThat(dev.publish("clients/dev1/temp", 1, false)).isZero();
        assertThat(dev.publish("clients/dev2/temp", 1, false)).isEqualTo(NOT_AUTHORIZED);
        assertThat(admin.receiveUntil("clients/dev1/temp")).containsExactly("clients/dev1/temp");

        dev.subscribe("users/bob/inbox", "users/alice/inbox");
        admin.publish("users/alice/inbox", 1, false);
        admin.publish("users/bob/inbox", 1, false);
        assertThat(dev.receiveUntil("users/bob/inbox")).containsExactly("users/bob/inbox");
    }

    @Test
    void wildcardsInTheClientIdNeverWidenAPattern() throws Exception {
        V5Client admin = v5("admin-sub", ADMIN, ADMIN_PASSWORD);
        admin.subscribe("#");
        // substituted into clients/%c/#, "+" would match every client's tree
        V5Client plus = v5("+", BOB, BOB_PASSWORD);
        assertThat(plus.publish("clients/dev2/temp", 1, false)).isEqualTo(NOT_AUTHORIZED);
        V5Client hash = v5("#", BOB, BOB_PASSWORD);
        assertThat(hash.publish("clients/dev2/temp", 1, false)).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void willOnADeniedTopicIsNeverPublished() throws Exception {
        V5Client admin = v5("admin-sub", ADMIN, ADMIN_PASSWORD);
        admin.subscribe("#");
        MqttMessage will = new MqttMessage("gone".getBytes(StandardCharsets.UTF_8), 1, false, null);
        V5Client denied = V5Client.connect(broker, "will-denied", ALICE, ALICE_PASSWORD, will, "other/will");
        V5Client allowed = V5Client.connect(broker, "will-allowed", ALICE, ALICE_PASSWORD, will, "alice/will");

        denied.drop();
        allowed.drop();

        assertThat(admin.receiveUntil("alice/will")).containsExactly("alice/will");
        // two connections close independently: give the denied will the time it would need to show up
        assertThat(admin.receiveFor(Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void pythonPahoReadsOnlyWhatItMay() throws Exception {
        List<String> out = Python.login(broker, Map.of("PROTOCOL", "4", "USERNAME", ALICE, "PASSWORD", ALICE_PASSWORD,
                "SUBSCRIBE", "#", "PUBLISH", "drop/box;other/x;alice/done", "END", "alice/done"));
        // drop/# is write-only for alice, other/x not hers at all
        assertThat(out).containsExactly("connack 0", "message alice/done");
    }
}
