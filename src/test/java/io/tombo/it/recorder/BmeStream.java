package io.tombo.it.recorder;

import io.tombo.it.process.Program;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tutorial's publisher: Debian's python3 with paho-mqtt 1.6.1 sending BME280 readings as JSON on
 * {@code raspi/bme} at QoS 1, one per second of sensor time from a start (the tutorial's date, {@link #START},
 * unless told), waiting for every PUBACK.
 */
final class BmeStream {
    static final Instant START = Instant.parse("2024-05-01T12:00:00Z");
    private static final String SCRIPT = """
            import json, sys, datetime
            import paho.mqtt.client as mqtt
            host, port, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
            start = datetime.datetime.fromtimestamp(int(sys.argv[5]), tz=datetime.timezone.utc)
            user = sys.argv[6] if len(sys.argv) > 7 else None
            c = mqtt.Client(client_id="bme280-" + str(first), clean_session=True)
            if user:
                c.username_pw_set(user, sys.argv[7])
            c.max_inflight_messages_set(50)
            c.connect(host, port)
            c.loop_start()
            infos = []
            for i in range(first, first + count):
                t = start + datetime.timedelta(seconds=i)
                payload = json.dumps({"timestamp": t.isoformat(), "temperature": round(20 + (i % 100) / 10, 1),
                                      "humidity": 57.5, "pressure": 997.8})
                infos.append(c.publish("raspi/bme", payload, qos=1))
            if len(sys.argv) == 7:
                infos.append(c.publish("raspi/bme", sys.argv[6], qos=1))
            for info in infos:
                info.wait_for_publish()
            c.loop_stop()
            c.disconnect()
            print("published", len(infos))
            """;

    private BmeStream() {
    }

    /**
     * Starts publishing readings {@code first} .. {@code first + count - 1}; {@code extra} is one more payload to
     * send last, or a username and password.
     */
    static Program start(Path dir, int port, int first, int count, String... extra) {
        return start(dir, port, START, first, count, extra);
    }

    static Program start(Path dir, int port, Instant start, int first, int count, String... extra) {
        try {
            Path script = dir.resolve("bme_stream.py");
            Files.writeString(script, SCRIPT);
            List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", script.toString(), "127.0.0.1",
                    Integer.toString(port), Integer.toString(first), Integer.toString(count),
                    Long.toString(start.getEpochSecond())));
            cmd.addAll(List.of(extra));
            return Program.start(dir, cmd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes and waits until every message is acknowledged. */
    static void publish(Path dir, int port, int first, int count, String... extra) {
        publish(dir, port, START, first, count, extra);
    }

    static void publish(Path dir, int port, Instant start, int first, int count, String... extra) {
        Program p = start(dir, port, start, first, count, extra);
        assertThat(p.awaitExit()).as(p.describe()).isZero();
    }
}
