package io.tombo.benchmarks;

import com.hivemq.embedded.EmbeddedHiveMQ;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * HiveMQ CE embedded, for {@code bench/compare.sh}: {@code HiveMqMain PORT DIR} listens on 127.0.0.1:PORT with
 * in-memory persistence and no usage statistics, writes its configuration into DIR, and runs until killed.
 */
public final class HiveMqMain {
    private HiveMqMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), config(port));
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(dir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
                .build();
        hivemq.start().join();
        System.out.println("hivemq ready on 127.0.0.1:" + port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hivemq.stop().join();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static String config(int port) throws IOException {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port);
    }
}
