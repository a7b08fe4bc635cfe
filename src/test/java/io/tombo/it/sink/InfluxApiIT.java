package io.tombo.it.sink;

import com.sun.net.httpserver.HttpServer;
import io.tombo.recorder.sink.OutboxSink;
import io.tombo.recorder.sink.Readings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The InfluxDB v2 and v3 write requests (Debian's InfluxDB 1.6 has neither API), and v1 credentials, checked on the
 * JDK's HTTP server: path, query, Authorization header and body.
 */
class InfluxApiIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path buffers;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
                    + exchange.getRequestHeaders().getFirst("Authorization") + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String write(String settings) throws IOException {
        try (OutboxSink sink = SinkFixture.open("sink influx influxdb http://127.0.0.1:" + server.getAddress().getPort()
                + "/\n" + settings, buffers)) {
            sink.accept(Readings.bme("bme", 0, 2));
            await().atMost(WAIT).until(() -> requests.size() == 1);
        }
        return requests.getFirst();
    }

    @Test
    void v1WritesToTheDatabaseWithBasicCredentials() throws IOException {
        assertThat(write("sink_database tele&metry\nsink_user u\nsink_password p\nsink_measurement ambient\n"))
                .isEqualTo("""
                        POST /write?db=tele%26metry&precision=ns
                        Basic dTpw
                        ambient,topic=raspi/bme,level1=raspi,level2=bme temperature=20.0,humidity=57.5,\
                        pressure=997.8 1795334400000000000
                        ambient,topic=raspi/bme,level1=raspi,level2=bme temperature=20.1,humidity=57.5,\
                        pressure=997.8 1795334401000000000
                        """);
    }

    @Test
    void v2WritesToTheOrganisationsBucketWithItsToken() throws IOException {
        assertThat(write("sink_api v2\nsink_org acme\nsink_bucket sensors\nsink_token tok\n"))
                .startsWith("POST /api/v2/write?org=acme&bucket=sensors&precision=ns\nToken tok\nbme,topic=");
    }

    @Test
    void v3WritesLineProtocolToTheDatabase() throws IOException {
        assertThat(write("sink_api v3\nsink_database sensors\nsink_token tok\n"))
                .startsWith("POST /api/v3/write_lp?db=sensors&precision=nanosecond\nBearer tok\nbme,topic=");
    }
}
