package io.tombo.it.robust;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random bytes from many connections, some after a valid CONNECT: the broker closes or ignores each, never
 * falls over, and (in process) no decoder bug hides behind a quiet close.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GarbageIT {
    private static final int CONNECTIONS = 1000;
    private static final int BATCH = 50;

    @Test
    void randomBytesFromAThousandConnectionsLeaveTheBrokerServing() {
        Random random = new Random(0x7073_6172_6b6cL);
        Capture capture = BrokerUnderTest.isMosquitto() ? null : Capture.start();
        try (BrokerUnderTest broker = BrokerUnderTest.start()) {
            for (int done = 0; done < CONNECTIONS; done += BATCH) {
                List<Peer> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    Peer p = Peer.open(broker);
                    batch.add(p);
                    p.trySend(garbage(random, done + i));
                }
                batch.forEach(Peer::close);
                if ((done / BATCH) % 5 == 4) {
                    Probe.roundTrip(broker);
                }
            }
            Probe.roundTrip(broker);
            if (capture != null) {
                assertThat(capture.unexpected()).as("decoder failures and warnings logged by the broker").isEmpty();
            }
        } finally {
            if (capture != null) {
                capture.stop();
            }
        }
    }

    /** Random bytes; every third connection starts with a valid CONNECT (3.1.1 or 5.0), so the noise hits later states. */
    private static byte[] garbage(Random random, int n) {
        byte[] noise = new byte[1 + random.nextInt(n % 10 == 0 ? 16 * 1024 : 512)];
        random.nextBytes(noise);
        return switch (n % 3) {
            case 0 -> Wire.concat(Wire.connect(random.nextBoolean() ? Wire.V311 : Wire.V5, "g" + n), noise);
            case 1 -> {
                // a plausible fixed header with a small remaining length, so the body is decoded, not awaited
                int type = 1 + random.nextInt(15);
                int len = Math.min(noise.length, random.nextInt(64));
                yield Wire.concat(new byte[] {(byte) (type << 4 | random.nextInt(16))}, Wire.varint(len), noise);
            }
            default -> noise;
        };
    }

    /** Collects the in-process broker's connection errors and every warning, for the duration of the test. */
    private static final class Capture {
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final Logger channel = (Logger) LoggerFactory.getLogger("io.tombo.listener.MqttChannel");
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private Level channelLevel;

        static Capture start() {
            Capture c = new Capture();
            c.appender.start();
            c.channelLevel = c.channel.getLevel();
            c.channel.setLevel(Level.DEBUG);
            c.channel.setAdditive(false);
            c.channel.addAppender(c.appender);
            c.root.addAppender(c.appender);
            return c;
        }

        /** Decoder exceptions surfacing as "connection error", and WARN/ERROR events from anywhere. */
        List<String> unexpected() {
            return appender.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
                            || (e.getFormattedMessage().contains("connection error")
                                && !e.getFormattedMessage().contains("Connection reset")
                                && !e.getFormattedMessage().contains("Broken pipe")))
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
                    .distinct()
                    .limit(20)
                    .toList();
        }

        void stop() {
            channel.detachAppender(appender);
            root.detachAppender(appender);
            channel.setAdditive(true);
            channel.setLevel(channelLevel);
            appender.stop();
        }
    }
}
