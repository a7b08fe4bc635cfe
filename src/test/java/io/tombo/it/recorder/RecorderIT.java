package io.tombo.it.recorder;

import io.tombo.it.process.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * From sensor to database: paho publishes the tutorial's BME280 stream; the recorder, inside {@code tombo broker}
 * or as {@code tombo recorder} against Debian's mosquitto, stores one series per field; a recorder killed with
 * SIGKILL mid-stream loses nothing once it is back (persistent session, acknowledgement after commit).
 */
class RecorderIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String RULE = """
            record_retention 10y
            record_location %s
            record raspi/bme
            """;

    @TempDir
    Path dir;

    @Test
    void brokersInternalRecorderStoresTheBmeStream() throws IOException {
        int port = freePort();
        Path conf = Files.writeString(dir.resolve("tombo.conf"), "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\n" + RULE.formatted(dir));
        try (Program broker = Program.tombo(dir, "broker", "-c", conf.toString())) {
            broker.awaitStderr("recording 1 rule(s)");
            BmeStream.publish(dir, port, 0, 300, "not json");
            RecorderDb db = new RecorderDb(dir);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(db.points()).isEqualTo(900));
            assertThat(db.distinctTimes("temperature")).isEqualTo(300);
            assertThat(db.minuteCount("pressure")).isEqualTo(300);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(db.deadLetters()).isEqualTo(1));
        }
    }

    @Test
    void recorderAgainstMosquittoLosesNothingWhenKilledMidStream() throws IOException {
        int port = freePort();
        Path mosquittoConf = Files.writeString(dir.resolve("mosquitto.conf"),
                "listener " + port + " 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n");
        Path conf = Files.writeString(dir.resolve("recorder.conf"), RULE.formatted(dir));
        RecorderDb db = new RecorderDb(dir);
        int total = 3000;
        try (Program mosquitto = Program.start(dir, List.of("mosquitto", "-c", mosquittoConf.toString()))) {
            await().atMost(TIMEOUT).until(() -> accepts(port) || !mosquitto.isAlive());
            assertThat(mosquitto.isAlive()).as(mosquitto.describe()).isTrue();
            Program recorder = recorder(port, conf);
            Program publisher = BmeStream.start(dir, port, 0, total);
            await().atMost(TIMEOUT).until(() -> db.points() > 0);
            recorder.kill(); // mid-stream: some messages committed, some in flight, the rest still to come
            long atKill = db.points();
            assertThat(publisher.awaitExit()).as(publisher.describe()).isZero();
            try (Program again = recorder(port, conf)) {
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(db.points()).isEqualTo(3L * total));
                assertThat(db.distinctTimes("temperature")).isEqualTo(total);
                assertThat(db.minuteCount("temperature")).as("rollups count each point once").isEqualTo(total);
                assertThat(atKill).as("killed before the end").isLessThan(3L * total);
            }
        }
    }

    private Program recorder(int port, Path conf) {
        return Program.tombo(dir, "recorder", "-h", "127.0.0.1", "-p", Integer.toString(port), "-c", conf.toString())
                .awaitStderr("recording 1 rule(s)");
    }

    private static boolean accepts(int port) {
        try (var s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
