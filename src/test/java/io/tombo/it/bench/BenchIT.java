package io.tombo.it.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tombo.cli.bench.BenchCommand;
import io.tombo.client.OpenSsl;
import io.tombo.it.BrokerUnderTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tombo bench} against an in-process broker: the JSON reports hold sane figures. No timing is asserted. */
class BenchIT {

    /** One command's exit status and what it printed. */
    private record Run(int status, String out, String err) {
    }

    /** Runs one {@code tombo bench} command in-process; {@link #err()} may be read while it runs. */
    private static final class Capture {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        String err() {
            synchronized (err) {
                return err.toString(StandardCharsets.UTF_8);
            }
        }

        Run run(String... args) {
            PrintStream errStream = new PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (err) {
                        err.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (err) {
                        err.write(b, off, len);
                    }
                }
            }, true, StandardCharsets.UTF_8);
            int status = BenchCommand.execute(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                    errStream);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err());
        }
    }

    @Test
    void pubAndSubReportWhatTheyExchanged() throws Exception {
        try (BrokerUnderTest broker = BrokerUnderTest.start()) {
            String port = Integer.toString(broker.port());
            long pid = ProcessHandle.current().pid();
            Capture sub = new Capture();
            CompletableFuture<Run> subscriber = CompletableFuture.supplyAsync(() -> sub.run("sub", "-h",
                    broker.host(), "-p", port, "-t", "it/#", "-q", "1", "-d", "3", "--warmup", "0", "--json",
                    "--broker-pid", Long.toString(pid)));
            await().atMost(Duration.ofSeconds(10)).until(() -> sub.err().contains("measuring"));

            Run pub = new Capture().run("pub", "-h", broker.host(), "-p", port, "-t", "it/%i", "-c", "2", "-q", "1",
                    "-r", "200", "-d", "1", "--warmup", "0", "--json");
            Run got = subscriber.get();

            assertThat(pub.status()).as(pub.err()).isZero();
            long sent = number(pub.out(), "sent");
            assertThat(sent).isPositive();
            assertThat(number(pub.out(), "acked")).isEqualTo(sent);
            assertThat(pub.out()).contains("\"scenario\":\"pub\"").contains("\"errors\":[]");

            assertThat(got.status()).as(got.err()).isZero();
            assertThat(number(got.out(), "received")).isEqualTo(sent);
            assertThat(number(got.out(), "sequence_gaps")).isZero();
            assertThat(got.out()).contains("\"latency_us\":{\"count\":").contains("\"p99\":")
                    .contains("\"broker_cpu_s\":").contains("\"bench_cores\":");
        }
    }

    @Test
    void fanInAtQos1LosesNothing() {
        try (BrokerUnderTest broker = BrokerUnderTest.start()) {
            Run run = new Capture().run("fanin", "-h", broker.host(), "-p", Integer.toString(broker.port()), "-c", "3",
                    "-q", "1", "-r", "100", "-d", "1", "--warmup", "0", "--json");
            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(number(run.out(), "received")).isEqualTo(number(run.out(), "expected")).isPositive();
            assertThat(number(run.out(), "lost")).isZero();
        }
    }

    /**
     * {@code -x}: sessions that outlive their connection (3.1.1 clean session 0, 5.0 session expiry) during the run,
     * ended after it so that the next run does not queue for them; a Paho client finds no session left.
     */
    @Test
    void persistentSessionsReportPublishToAcknowledgementLatencyAndEndAfterTheRun() throws Exception {
        try (BrokerUnderTest broker = BrokerUnderTest.start()) {
            for (String version : List.of("311", "5")) {
                Run run = new Capture().run("p2p", "-h", broker.host(), "-p", Integer.toString(broker.port()), "-q",
                        "1", "-x", "60", "-V", version, "-r", "200", "-d", "1", "--warmup", "0", "--client-prefix",
                        "it-x-" + version + "-", "--json");
                assertThat(run.status()).as(run.out() + run.err()).isZero();
                assertThat(number(run.out(), "lost")).as(version).isZero();
                assertThat(run.out()).contains("\"ack_latency_us\":{\"count\":");
                assertThat(run.out()).as("at a fixed rate").contains("\"send_lag_us\":{\"count\":");
                assertThat(number(run.out(), "acked")).isPositive();

                MqttClient paho = new MqttClient("tcp://" + broker.host() + ":" + broker.port(),
                        "it-x-" + version + "-sub-1", new MemoryPersistence());
                MqttConnectOptions o = new MqttConnectOptions();
                o.setCleanSession(false);
                try {
                    assertThat(paho.connectWithResult(o).getSessionPresent()).as("session left by the bench").isFalse();
                    paho.disconnect();
                } finally {
                    paho.close();
                }
            }
        }
    }

    /**
     * The message scenarios on the selector engine (the default over plain TCP) against Tombo and Debian's Mosquitto,
     * 3.1.1 and 5.0, QoS 0, 1 and 2: every message each subscriber should get arrives once and in order. At QoS 2 the
     * loop answers the subscriber's PUBREL with PUBCOMP and the publisher's PUBREC with PUBREL.
     */
    @Test
    void messageScenariosOnSelectorLoopsAgainstTomboAndMosquitto(@TempDir Path dir) throws Exception {
        try (BrokerUnderTest tombo = BrokerUnderTest.start(); Mosquitto mosquitto = Mosquitto.start(dir)) {
            for (int port : new int[] {tombo.port(), mosquitto.port}) {
                for (String version : List.of("311", "5")) {
                    for (String qos : List.of("0", "1", "2")) {
                        Run run = new Capture().run("fanout", "-h", "127.0.0.1", "-p", Integer.toString(port), "-c",
                                "3", "-q", qos, "-r", "300", "-d", "1", "--warmup", "0", "-V", version, "--json");
                        String what = port + " v" + version + " q" + qos + ": " + run.out() + run.err();
                        assertThat(run.status()).as(what).isZero();
                        assertThat(number(run.out(), "received")).as(what).isEqualTo(number(run.out(), "expected"))
                                .isPositive();
                        assertThat(number(run.out(), "sequence_gaps")).as(what).isZero();
                        assertThat(number(run.out(), "out_of_order")).as(what).isZero();
                    }
                }
            }
        }
    }

    /** Two selector loops share the connections; {@code --io-threads 0} gives each a thread: the same counts. */
    @Test
    void ioThreadsSplitTheConnectionsOrGiveEachAThread() {
        try (BrokerUnderTest broker = BrokerUnderTest.start()) {
            for (String io : List.of("2", "0")) {
                Run run = new Capture().run("p2p", "-h", broker.host(), "-p", Integer.toString(broker.port()), "-c",
                        "4", "-q", "1", "-r", "200", "-d", "1", "--warmup", "0", "--io-threads", io, "--json");
                assertThat(run.status()).as(io + ": " + run.out() + run.err()).isZero();
                assertThat(number(run.out(), "received")).as(io).isEqualTo(number(run.out(), "expected"))
                        .isPositive();
                assertThat(number(run.out(), "acked")).as(io).isEqualTo(number(run.out(), "sent"));
            }
        }
    }

    /**
     * A keep alive of one second held for three: at QoS 0 a subscriber sends nothing but PINGREQ, and both brokers
     * close a connection silent for 1.5 keep alives, [MQTT-3.1.2-24] (3.1.1) / [MQTT-3.1.2-22] (5.0): nothing is
     * lost, so the loop pinged.
     */
    @Test
    void selectorLoopsKeepSilentConnectionsAlive(@TempDir Path dir) throws Exception {
        try (BrokerUnderTest tombo = BrokerUnderTest.start(); Mosquitto mosquitto = Mosquitto.start(dir)) {
            for (int port : new int[] {tombo.port(), mosquitto.port}) {
                Run run = new Capture().run("p2p", "-h", "127.0.0.1", "-p", Integer.toString(port), "-q", "0", "-r",
                        "50", "-k", "1", "-d", "3", "--warmup", "0", "--json");
                String what = port + ": " + run.out() + run.err();
                assertThat(run.status()).as(what).isZero();
                assertThat(number(run.out(), "lost")).as(what).isZero();
                assertThat(number(run.out(), "received")).as(what).isGreaterThanOrEqualTo(140);
            }
        }
    }

    /**
     * A retained message comes right behind SUBACK, often in the same read as the handshake's: the bytes read ahead
     * are handed to the loop, which counts the message (too short for a stamp: unstamped).
     */
    @Test
    void aRetainedMessageReadWithTheHandshakeIsCounted() throws Exception {
        try (BrokerUnderTest broker = BrokerUnderTest.start()) {
            MqttClient paho = new MqttClient("tcp://" + broker.host() + ":" + broker.port(), "it-retainer",
                    new MemoryPersistence());
            try {
                paho.connect();
                paho.publish("it/retained/1", "x".getBytes(StandardCharsets.UTF_8), 1, true);
                paho.disconnect();
            } finally {
                paho.close();
            }
            Run run = new Capture().run("sub", "-h", broker.host(), "-p", Integer.toString(broker.port()), "-t",
                    "it/retained/#", "-q", "1", "-d", "0.5", "--warmup", "0", "--json");
            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(number(run.out(), "received")).as(run.out()).isEqualTo(1);
        }
    }

    /** A broker that stops in the middle of a run ends it: the loop sees the connections close, nothing hangs. */
    @Test
    void aBrokerStoppingMidRunEndsTheRun() throws Exception {
        BrokerUnderTest broker = BrokerUnderTest.start();
        Capture capture = new Capture();
        CompletableFuture<Run> p2p = CompletableFuture.supplyAsync(() -> capture.run("p2p", "-h", broker.host(),
                "-p", Integer.toString(broker.port()), "-c", "2", "-q", "1", "-r", "100", "-d", "3", "--warmup", "0",
                "--json"));
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.err().contains("publishing"));
        broker.close();
        Run run = p2p.get(30, TimeUnit.SECONDS);
        assertThat(run.out()).as(run.err()).contains("\"scenario\":\"p2p\"");
        assertThat(number(run.out(), "sent")).as(run.out()).isPositive();
    }

    /** Over TLS the message scenarios run a thread per connection (SSLSocket blocks): the same report. */
    @Test
    void messageScenarioOverTls(@TempDir Path pkiDir) throws Exception {
        int tlsPort = BrokerUnderTest.freePort();
        try (BrokerUnderTest broker = tlsBroker(pkiDir, tlsPort)) {
            Run run = new Capture().run("p2p", "-h", "127.0.0.1", "-p", Integer.toString(tlsPort), "-q", "1", "-r",
                    "200", "-d", "1", "--warmup", "0", "--cafile", pkiDir.resolve("ca.pem").toString(), "--json");
            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("\"tls\":true");
            assertThat(number(run.out(), "received")).isEqualTo(number(run.out(), "expected")).isPositive();
        }
    }

    /**
     * {@code conn} on plain TCP (one selector thread) against Tombo and against Debian's Mosquitto, 3.1.1 and 5.0:
     * every handshake ends in an accepting CONNACK, and a keep alive of one second held for two proves the PINGREQs,
     * as both brokers close a connection silent for 1.5 keep alives: [MQTT-3.1.2-24] (3.1.1) / [MQTT-3.1.2-22] (5.0).
     */
    @Test
    void connOpensAndHoldsConnectionsOnTomboAndMosquitto(@TempDir Path dir) throws Exception {
        try (BrokerUnderTest tombo = BrokerUnderTest.start(); Mosquitto mosquitto = Mosquitto.start(dir)) {
            for (int port : new int[] {tombo.port(), mosquitto.port}) {
                for (String version : List.of("311", "5")) {
                    Run run = new Capture().run("conn", "-h", "127.0.0.1", "-p", Integer.toString(port), "-c", "200",
                            "-k", "1", "-d", "2", "-V", version, "--json");
                    String what = port + " v" + version + ": " + run.out() + run.err();
                    assertThat(run.status()).as(what).isZero();
                    assertThat(number(run.out(), "connections")).as(what).isEqualTo(200);
                    assertThat(number(run.out(), "failures")).as(what).isZero();
                    assertThat(number(run.out(), "dropped")).as(what).isZero();
                    assertThat(run.out()).as(what).contains("\"connect_latency_us\":{\"count\":200,");
                }
            }
        }
    }

    /** Handshakes that fail are counted and named, and the run exits with 1: here nothing listens. */
    @Test
    void connCountsFailedHandshakes() throws Exception {
        Run run = new Capture().run("conn", "-h", "127.0.0.1", "-p", Integer.toString(BrokerUnderTest.freePort()),
                "-c", "3", "-d", "0", "--json");
        assertThat(run.status()).as(run.out()).isEqualTo(1);
        assertThat(number(run.out(), "connections")).isZero();
        assertThat(number(run.out(), "failures")).isEqualTo(3);
        assertThat(run.out()).contains("conn-1: ").contains("refused");
    }

    /** Connections the broker closes while they are held show as dropped: the broker stops in the middle. */
    @Test
    void connCountsConnectionsTheBrokerDrops() throws Exception {
        BrokerUnderTest broker = BrokerUnderTest.start();
        Capture capture = new Capture();
        CompletableFuture<Run> conn = CompletableFuture.supplyAsync(() -> capture.run("conn", "-h", broker.host(),
                "-p", Integer.toString(broker.port()), "-c", "20", "-d", "3", "--json"));
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.err().contains("holding"));
        broker.close();
        Run run = conn.get();
        assertThat(number(run.out(), "connections")).as(run.out()).isEqualTo(20);
        assertThat(number(run.out(), "dropped")).as(run.out()).isEqualTo(20);
    }

    /** Over TLS the connections are blocking sockets on virtual threads; the same report. */
    @Test
    void connOverTls(@TempDir Path pkiDir) throws Exception {
        int tlsPort = BrokerUnderTest.freePort();
        try (BrokerUnderTest broker = tlsBroker(pkiDir, tlsPort)) {
            Run run = new Capture().run("conn", "-h", "127.0.0.1", "-p", Integer.toString(tlsPort), "-c", "20",
                    "-d", "1", "--cafile", pkiDir.resolve("ca.pem").toString(), "--json");
            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("\"tls\":true");
            assertThat(number(run.out(), "connections")).isEqualTo(20);
            assertThat(number(run.out(), "dropped")).isZero();
        }
    }

    /** A broker with a TLS listener on {@code port}, its certificate signed by a new CA ({@code pkiDir/ca.pem}). */
    private static BrokerUnderTest tlsBroker(Path pkiDir, int port) throws Exception {
        OpenSsl pki = OpenSsl.ca(pkiDir);
        pki.leaf("server", OpenSsl.KeyForm.RSA_PKCS8, "DNS:localhost,IP:127.0.0.1");
        return BrokerUnderTest.start("listener " + port + " 127.0.0.1\n"
                + "certfile " + pkiDir.resolve("server.pem") + "\nkeyfile " + pkiDir.resolve("server.key"));
    }

    /** Debian's mosquitto on a free loopback port, anonymous, as a child process. */
    private record Mosquitto(Process process, int port) implements AutoCloseable {
        static Mosquitto start(Path dir) throws Exception {
            int port = BrokerUnderTest.freePort();
            Path conf = Files.writeString(dir.resolve("mosquitto.conf"),
                    "listener " + port + " 127.0.0.1\nallow_anonymous true\n");
            Process p = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            return new Mosquitto(p, port);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
