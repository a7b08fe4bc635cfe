package io.tombo.it.security;

import io.tombo.it.BrokerUnderTest;
import io.tombo.security.PasswordHash;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.tombo.it.security.SecuredBroker.ALICE;
import static io.tombo.it.security.SecuredBroker.ALICE_PASSWORD;
import static io.tombo.it.security.SecuredBroker.BOB;
import static io.tombo.it.security.SecuredBroker.BOB_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Logins against a password file written by Debian's {@code mosquitto_passwd}, with real clients: Paho Java v3 and
 * v5, Python paho, mosquitto_pub. Runs against Debian's mosquitto too ({@code -Dtombo.it.broker=mosquitto}); the one
 * difference is the code for a wrong password: Tombo 0x04 / 0x86 (bad user name or password), Mosquitto 2.0 0x05 /
 * 0x87 (not authorised).
 */
class AuthenticationIT {
    private BrokerUnderTest broker;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void rightPasswordsConnectWithEveryHashMosquittoPasswdWrites() throws Exception {
        broker = SecuredBroker.start(null, "");
        connectV3(ALICE, ALICE_PASSWORD); // $7$, 101 iterations
        connectV3(BOB, BOB_PASSWORD); // $6$
        connectV5(SecuredBroker.ADMIN, SecuredBroker.ADMIN_PASSWORD); // $7$, 1000 iterations
    }

    @Test
    void wrongPasswordIsRefusedInPahoV3() {
        broker = SecuredBroker.start(null, "");
        MqttException e = catchThrowableOfType(MqttException.class, () -> connectV3(ALICE, "wrong"));
        assertThat(e.getReasonCode()).isEqualTo(SecuredBroker.badPasswordCode(false));
        MqttException unknown = catchThrowableOfType(MqttException.class, () -> connectV3("mallory", "x"));
        assertThat(unknown.getReasonCode()).isEqualTo(SecuredBroker.badPasswordCode(false));
        MqttException missing = catchThrowableOfType(MqttException.class, () -> connectV3(ALICE, null));
        assertThat(missing.getReasonCode()).isEqualTo(SecuredBroker.badPasswordCode(false));
    }

    @Test
    void wrongPasswordIsRefusedInPahoV5() {
        broker = SecuredBroker.start(null, "");
        // refused with the reason in CONNACK, then closed [MQTT-3.1.4-2] (5.0)
        var e = catchThrowableOfType(org.eclipse.paho.mqttv5.common.MqttException.class,
                () -> connectV5(ALICE, "wrong"));
        assertThat(e.getReasonCode()).isEqualTo(SecuredBroker.badPasswordCode(true));
    }

    @Test
    void anonymousClientsAreNotAuthorised() {
        broker = SecuredBroker.start(null, "");
        MqttException v3 = catchThrowableOfType(MqttException.class, () -> connectV3(null, null));
        assertThat(v3.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        var v5 = catchThrowableOfType(org.eclipse.paho.mqttv5.common.MqttException.class, () -> connectV5(null, null));
        assertThat(v5.getReasonCode()).isEqualTo(0x87);
    }

    @ParameterizedTest(name = "MQTT level {0}")
    @ValueSource(strings = {"4", "5"})
    void pythonPahoSeesTheSameCodes(String protocol) throws Exception {
        broker = SecuredBroker.start(null, "");
        boolean v5 = protocol.equals("5");
        assertThat(Python.login(broker, Map.of("PROTOCOL", protocol, "USERNAME", ALICE, "PASSWORD", ALICE_PASSWORD)))
                .containsExactly("connack 0");
        assertThat(Python.login(broker, Map.of("PROTOCOL", protocol, "USERNAME", ALICE, "PASSWORD", "nope")))
                .containsExactly("connack " + SecuredBroker.badPasswordCode(v5));
        assertThat(Python.login(broker, Map.of("PROTOCOL", protocol)))
                .containsExactly("connack " + (v5 ? 0x87 : 5));
    }

    @Test
    void mosquittoPubLogsInWithDashUAndDashP() throws Exception {
        broker = SecuredBroker.start(null, "");
        assertThat(mosquittoPub("-u", ALICE, "-P", ALICE_PASSWORD)).isZero();
        // mosquitto_pub exits with the CONNACK code
        assertThat(mosquittoPub("-u", ALICE, "-P", "wrong")).isEqualTo(SecuredBroker.badPasswordCode(false));
        assertThat(mosquittoPub("-V", "5", "-u", ALICE, "-P", "wrong")).isEqualTo(SecuredBroker.badPasswordCode(true));
        assertThat(mosquittoPub()).isEqualTo(5);
    }

    @Test
    void withoutPasswordFileUsernamesAreAcceptedOnlyWhereAnonymousClientsAre() throws Exception {
        broker = BrokerUnderTest.start("allow_anonymous false");
        MqttException e = catchThrowableOfType(MqttException.class, () -> connectV3(ALICE, "anything"));
        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        broker.close();
        broker = BrokerUnderTest.start(""); // allow_anonymous true
        connectV3(ALICE, "anything");
    }

    @Test
    void useUsernameAsClientIdMakesOneSessionPerUserAndRefusesAnonymousClients() throws Exception {
        broker = SecuredBroker.start(null, "use_username_as_clientid true");
        V5Client first = V5Client.connect(broker, "device-a", ALICE, ALICE_PASSWORD);
        clients.add(first);
        V5Client second = V5Client.connect(broker, "device-b", ALICE, ALICE_PASSWORD);
        clients.add(second);
        // both are "alice" now: the second takes the session over [MQTT-3.1.4-3] (5.0)
        await().atMost(Duration.ofSeconds(5)).until(() -> first.disconnectedBy() != null);
        if (!SecuredBroker.mosquitto()) { // Mosquitto 2.0.11 closes the socket without DISCONNECT 0x8E
            assertThat(first.disconnectedBy().getReturnCode()).isEqualTo(0x8E);
        }

        broker.close();
        broker = BrokerUnderTest.start("use_username_as_clientid true"); // anonymous clients allowed, yet refused
        MqttException e = catchThrowableOfType(MqttException.class, () -> connectV3(null, null));
        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        connectV3(BOB, "any");
    }

    @Test
    @DisabledIf("io.tombo.it.security.SecuredBroker#mosquitto") // Mosquitto 2.0 has no back-off
    void repeatedFailuresFromOneAddressAreSlowedDown() throws Exception {
        broker = SecuredBroker.start(null, "");
        for (int i = 0; i < 4; i++) {
            catchThrowableOfType(MqttException.class, () -> connectV3(ALICE, "guess"));
        }
        // during the back-off even the right password is not checked
        MqttException e = catchThrowableOfType(MqttException.class, () -> connectV3(ALICE, ALICE_PASSWORD));
        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> connectV3(ALICE, ALICE_PASSWORD) != null);
    }

    @Test
    @DisabledIf("io.tombo.it.security.SecuredBroker#mosquitto") // Mosquitto 2.0 reads no argon2id (2.1 does)
    void argon2idEntriesAreAccepted() throws Exception {
        Path dir = Files.createTempDirectory("tombo-argon");
        Path file = Files.writeString(dir.resolve("passwd"), "carol:" + PasswordHash.create(
                PasswordHash.Algorithm.ARGON2ID, "c-pass".getBytes(StandardCharsets.UTF_8), 0, new SecureRandom())
                .encoded() + "\n");
        broker = BrokerUnderTest.start("allow_anonymous false\npassword_file " + file);
        connectV5("carol", "c-pass");
        var e = catchThrowableOfType(org.eclipse.paho.mqttv5.common.MqttException.class,
                () -> connectV5("carol", "c-pasS"));
        assertThat(e.getReasonCode()).isEqualTo(0x86);
    }

    private MqttClient connectV3(String user, String password) throws MqttException {
        MqttClient c = new MqttClient(broker.uri(), "", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setConnectionTimeout(5);
        if (user != null) {
            o.setUserName(user);
        }
        if (password != null) {
            o.setPassword(password.toCharArray());
        }
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close();
            throw e;
        }
        clients.add(() -> {
            c.disconnect();
            c.close();
        });
        return c;
    }

    private org.eclipse.paho.mqttv5.client.MqttClient connectV5(String user, String password)
            throws org.eclipse.paho.mqttv5.common.MqttException {
        var c = new org.eclipse.paho.mqttv5.client.MqttClient(broker.uri(), "",
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout(5);
        if (user != null) {
            o.setUserName(user);
        }
        if (password != null) {
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        try {
            c.connect(o);
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            c.close();
            throw e;
        }
        clients.add(() -> {
            c.disconnect();
            c.close();
        });
        return c;
    }

    private int mosquittoPub(String... credentials) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", broker.host(), "-p",
                Integer.toString(broker.port()), "-t", "alice/hello", "-m", "hi"));
        cmd.addAll(List.of(credentials));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
