package io.tombo.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Log lines written in bursts ({@link LogLinger}) through the file appender: none lost, none reordered, a warning
 * out at once with every line before it, {@link LogLinger#flush} synchronous.
 */
class LogLingerTest {
    @TempDir
    Path dir;

    private final LoggerContext ctx = new LoggerContext();
    private LingeringFileAppender appender;
    private Logger log;
    private Path file;

    @BeforeEach
    void start() {
        ctx.setMDCAdapter(new LogbackMDCAdapter()); // what LoggerFactory's own context gets
        file = dir.resolve("tombo.log");
        appender = new LingeringFileAppender();
        appender.setContext(ctx);
        appender.setFile(file.toString());
        LayoutWrappingEncoder<ILoggingEvent> enc = new LayoutWrappingEncoder<>();
        enc.setContext(ctx);
        MosquittoLayout layout = new MosquittoLayout(false, null);
        layout.setContext(ctx);
        layout.start();
        enc.setLayout(layout);
        enc.start();
        appender.setEncoder(enc);
        appender.start();
        log = ctx.getLogger("test");
        log.addAppender(appender);
    }

    @AfterEach
    void stop() {
        ctx.stop();
    }

    @Test
    void informationLinesArriveInOrderWithoutAFlush() {
        for (int i = 0; i < 1000; i++) {
            log.info("line {}", i);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> lines().length == 1000);
        String[] lines = lines();
        for (int i = 0; i < 1000; i++) {
            assertThat(lines[i]).isEqualTo("line " + i);
        }
    }

    @Test
    void aWarningGoesOutAtOnceWithTheLinesBeforeIt() {
        log.info("connected");
        log.warn("something is wrong");

        assertThat(lines()).containsExactly("connected", "something is wrong");
    }

    @Test
    void flushWritesWhatLingersBeforeItReturns() {
        log.info("terminating");
        appender.linger().flush();

        assertThat(lines()).containsExactly("terminating");
    }

    @Test
    void stoppingTheAppenderWritesWhatLingers() {
        log.info("last line");
        appender.stop();

        assertThat(lines()).containsExactly("last line");
    }

    private String[] lines() {
        try {
            String text = Files.exists(file) ? Files.readString(file) : "";
            return text.isEmpty() ? new String[0] : text.split("\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
