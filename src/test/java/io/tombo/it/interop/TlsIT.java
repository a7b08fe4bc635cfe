package io.tombo.it.interop;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.tombo.client.OpenSsl;
import io.tombo.client.TlsContexts;
import io.tombo.client.TlsOptions;
import io.tombo.it.BrokerUnderTest;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS listeners with certificates made by {@code openssl} as a Mosquitto user makes them, used by Debian's
 * {@code mosquitto_pub}/{@code mosquitto_sub} (OpenSSL), Paho Java over {@code ssl://} and the HiveMQ client (JDK
 * TLS): server authentication, required client certificates with a CRL, the certificate as the username, the
 * minimum TLS version, cipher lists, and a SIGHUP that swaps the certificate under connected clients. Runs against
 * Mosquitto with {@code -Dtombo.it.broker=mosquitto} as well.
 */
class TlsIT {
    @TempDir
    static Path pkiDir;
    private static OpenSsl pki;

    private BrokerUnderTest broker;
    private int tlsPort;
    private final List<ChildProcess> started = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = OpenSsl.ca(pkiDir);
        // the server key in the traditional PKCS#1 form many Mosquitto guides still produce
        pki.leaf("server", OpenSsl.KeyForm.RSA_PKCS1, "DNS:localhost,IP:127.0.0.1");
        pki.leaf("alice", OpenSsl.KeyForm.EC_SEC1, "DNS:alice");
        pki.leaf("mallory", OpenSsl.KeyForm.RSA_PKCS8, "DNS:mallory");
        pki.crl("mallory");
        if (BrokerUnderTest.isMosquitto()) {
            readableByAll(pkiDir); // Mosquitto started as root reads its files as the user "mosquitto"
        }
    }

    static void readableByAll(Path dir) throws java.io.IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (ChildProcess p : started) {
            p.kill();
        }
        for (AutoCloseable c : clients) {
            c.close();
        }
        broker.close();
    }

    /** A broker whose second listener is TLS with the server certificate, plus {@code extra} lines for it. */
    private void start(String extra) throws Exception {
        tlsPort = BrokerUnderTest.freePort();
        broker = BrokerUnderTest.start("listener " + tlsPort + " 127.0.0.1\n"
                + "certfile " + pkiDir.resolve("server.pem") + "\n"
                + "keyfile " + pkiDir.resolve("server.key") + "\n" + extra);
        await().atMost(Duration.ofSeconds(10)).until(() -> publish("tls/up", "x", "--cafile", ca(), "--cert",
                pkiDir.resolve("alice.pem").toString(), "--key", pkiDir.resolve("alice.key").toString()) == 0);
    }

    private static String ca() {
        return pkiDir.resolve("ca.pem").toString();
    }

    private static String[] certOf(String name) {
        return new String[] {"--cafile", ca(), "--cert", pkiDir.resolve(name + ".pem").toString(), "--key",
                pkiDir.resolve(name + ".key").toString()};
    }

    @Test
    void mosquittoClientsTalkOverTls() throws Exception {
        start("");
        ChildProcess sub = subscribe("tls/greeting", "--cafile", ca());

        assertThat(publish("tls/greeting", "over TLS", "--cafile", ca())).isZero();

        sub.assertExitsWith(0);
        assertThat(sub.stdoutText()).contains("over TLS");
    }

    @Test
    void serverCertificateIsCheckedByTheClient() throws Exception {
        start("");
        // no CA given: the Debian client falls back to the system store, which does not know our test CA
        assertThat(publish("tls/x", "m", "--capath", "/nonexistent")).isNotZero();
    }

    @Test
    void requiredClientCertificateMustBeValidAndNotRevoked() throws Exception {
        start("cafile " + ca() + "\nrequire_certificate true\ncrlfile " + pkiDir.resolve("crl.pem") + "\n");

        assertThat(publish("tls/x", "no certificate", "--cafile", ca())).as("without a certificate").isNotZero();
        assertThat(publish("tls/x", "revoked", certOf("mallory"))).as("revoked certificate").isNotZero();
        assertThat(publish("tls/x", "valid", certOf("alice"))).as("valid certificate").isZero();
    }

    @Test
    void identityAsUsernameTakesTheCommonName() throws Exception {
        start("cafile " + ca() + "\nrequire_certificate true\nuse_identity_as_username true\n"
                + "use_username_as_clientid true\n");
        assertCertificateNamesClient("alice");
    }

    @Test
    void subjectAsUsernameTakesTheWholeSubject() throws Exception {
        start("cafile " + ca() + "\nrequire_certificate true\nuse_subject_as_username true\n"
                + "use_username_as_clientid true\n");
        assertCertificateNamesClient("CN=alice");
    }

    /**
     * With {@code use_username_as_clientid}, the username becomes the client id; a client on the plain listener
     * that connects with {@code expected} as its username (hence id) takes the TLS client's session over, which
     * shows the name.
     */
    private void assertCertificateNamesClient(String expected) throws Exception {
        Inbox tlsInbox = new Inbox();
        org.eclipse.paho.client.mqttv3.MqttClient viaTls = pahoOverTls("whatever-id", true, tlsInbox);
        assertThat(viaTls.isConnected()).isTrue();

        org.eclipse.paho.client.mqttv3.MqttClient plain = new org.eclipse.paho.client.mqttv3.MqttClient(
                broker.uri(), expected, new MemoryPersistence());
        clients.add(() -> closeQuietly(plain));
        // use_username_as_clientid refuses a client without a username (Mosquitto 2.0): this one names itself
        org.eclipse.paho.client.mqttv3.MqttConnectOptions named = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        named.setUserName(expected);
        plain.connect(named);

        assertThat(tlsInbox.lost.poll(10, TimeUnit.SECONDS)).as("TLS client taken over by client id %s", expected)
                .isNotNull();
    }

    @Test
    void pahoAndHiveMqExchangeMessagesOverTls() throws Exception {
        start("");
        Inbox inbox = new Inbox();
        org.eclipse.paho.client.mqttv3.MqttClient paho = pahoOverTls("paho-tls", false, inbox);
        paho.subscribe("tls/java", 1);

        Mqtt5BlockingClient hive = MqttClient.builder().useMqttVersion5().identifier("hive-tls")
                .serverHost("localhost").serverPort(tlsPort)
                .sslConfig().trustManagerFactory(trust()).applySslConfig()
                .buildBlocking();
        hive.connect();
        clients.add(hive::disconnect);
        hive.publishWith().topic("tls/java").qos(MqttQos.AT_LEAST_ONCE)
                .payload("from HiveMQ".getBytes(StandardCharsets.UTF_8)).send();

        MqttMessage m = inbox.messages.poll(10, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(new String(m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("from HiveMQ");
    }

    @Test
    void tlsVersionIsTheMinimum() throws Exception {
        // mosquitto_pub's --tls-version is a minimum too, so a JDK client pins the version instead
        start("tls_version tlsv1.3\n");
        assertThat(handshakes("TLSv1.2", null)).isFalse();
        assertThat(handshakes("TLSv1.3", null)).isTrue();
    }

    @Test
    void cipherListRestrictsTls12Suites() throws Exception {
        start("ciphers ECDHE-RSA-AES128-GCM-SHA256\n");
        assertThat(handshakes("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")).isFalse();
        assertThat(handshakes("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).isTrue();
        assertThat(handshakes("TLSv1.3", null)).as("TLS 1.3 suites keep their defaults").isTrue();
    }

    /** Whether a JDK client limited to {@code protocol} (and {@code suite}, when given) completes a handshake. */
    private boolean handshakes(String protocol, String suite) throws Exception {
        try (SSLSocket s = jdkClient()) {
            s.setEnabledProtocols(new String[] {protocol});
            if (suite != null) {
                s.setEnabledCipherSuites(new String[] {suite});
            }
            s.startHandshake();
            return true;
        } catch (javax.net.ssl.SSLException refused) {
            return false;
        }
    }

    @Test
    void reloadSwapsTheCertificateWithoutDroppingClients() throws Exception {
        start("");
        Inbox inbox = new Inbox();
        org.eclipse.paho.client.mqttv3.MqttClient paho = pahoOverTls("stays", false, inbox);
        paho.subscribe("tls/after-reload", 1);
        BigInteger before = servedSerial();

        pki.leaf("server", OpenSsl.KeyForm.EC_PKCS8, "DNS:localhost,IP:127.0.0.1"); // renewed, new key form too
        if (BrokerUnderTest.isMosquitto()) {
            readableByAll(pkiDir);
        }
        broker.reload();

        await().atMost(Duration.ofSeconds(10)).until(() -> !servedSerial().equals(before));
        assertThat(paho.isConnected()).isTrue();
        assertThat(publish("tls/after-reload", "still here", "--cafile", ca())).isZero();
        MqttMessage m = inbox.messages.poll(10, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(new String(m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("still here");
    }

    /** The serial number of the certificate the TLS listener presents to a new connection. */
    private BigInteger servedSerial() throws Exception {
        try (SSLSocket s = jdkClient()) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    /** A JDK TLS socket to the TLS listener that trusts the test CA, not yet handshaken. */
    private SSLSocket jdkClient() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust().getTrustManagers(), null);
        return (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", tlsPort);
    }

    private static TrustManagerFactory trust() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", io.tombo.security.Pem.certificates(pkiDir.resolve("ca.pem")).getFirst());
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return f;
    }

    private org.eclipse.paho.client.mqttv3.MqttClient pahoOverTls(String id, boolean withCertificate, Inbox inbox)
            throws Exception {
        var paho = new org.eclipse.paho.client.mqttv3.MqttClient("ssl://localhost:" + tlsPort, id,
                new MemoryPersistence());
        clients.add(() -> closeQuietly(paho));
        paho.setCallback(inbox);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(TlsContexts.context(new TlsOptions(pkiDir.resolve("ca.pem"), null,
                withCertificate ? pkiDir.resolve("alice.pem") : null,
                withCertificate ? pkiDir.resolve("alice.key") : null, false, null)).getSocketFactory());
        paho.connect(options);
        return paho;
    }

    private static void closeQuietly(org.eclipse.paho.client.mqttv3.MqttClient c) throws Exception {
        if (c.isConnected()) {
            c.disconnectForcibly(1000, 1000);
        }
        c.close();
    }

    /** {@code mosquitto_sub -C 1} on the TLS listener, returned once its SUBACK arrived. */
    private ChildProcess subscribe(String topic, String... tls) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-d", "-h", "localhost",
                "-p", Integer.toString(tlsPort), "-t", topic, "-C", "1"));
        cmd.addAll(List.of(tls));
        ChildProcess sub = ChildProcess.start(broker.dir(), cmd);
        started.add(sub);
        await().atMost(ChildProcess.timeout()).until(() -> sub.stdoutText().contains("received SUBACK"));
        return sub;
    }

    /** Runs {@code mosquitto_pub} against the TLS listener; its exit status. */
    private int publish(String topic, String message, String... tls) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "localhost", "-p",
                Integer.toString(tlsPort), "-t", topic, "-m", message, "-q", "1"));
        cmd.addAll(List.of(tls));
        return ChildProcess.start(broker.dir(), cmd).exitStatus();
    }

    /** What a Paho v3 client received, in order, and whether it lost its connection. */
    static final class Inbox implements MqttCallback {
        final BlockingQueue<MqttMessage> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<String> topics = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> lost = new LinkedBlockingQueue<>();

        @Override
        public void connectionLost(Throwable cause) {
            lost.add(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            topics.add(topic);
            messages.add(message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
