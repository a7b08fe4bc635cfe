package io.tombo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The broker's picocli-free reader agrees with picocli wherever it answers, and answers for the usual forms. */
class BrokerArgsTest {
    private static final List<String> TOKENS = List.of("-c", "--config-file", "-p", "--port", "-v", "--verbose", "-d",
            "--daemon", "mosquitto.conf", "1883", "0", "08", "0x10", "+5", "-1", "99999999999", "--port=1", "-cx", "-vd",
            "--help", "-h", "-V", "--", "extra", "");

    @Test
    void readsTheUsualFormsAsPicocliDoes() {
        for (String line : List.of("", "-c /etc/mosquitto/mosquitto.conf", "--config-file a.conf -v",
                "-p 1883 -p 1884", "-c a.conf -p 1883 -v -d", "--port 8883 --verbose --daemon", "-p 0")) {
            String[] args = line.isEmpty() ? new String[0] : line.split(" ");
            BrokerCommand fast = BrokerArgs.parse(args, 0);
            assertThat(fast).as(line).isNotNull();
            assertSame(fast, picocli(args), line);
        }
        assertThat(BrokerArgs.parse(new String[] {"broker", "-p", "1883"}, 1).ports).containsExactly(1883);
    }

    /** Every sequence of up to three tokens from a pool of good and bad ones: declined, or read as picocli reads it. */
    @Test
    void answersOnlyWherePicocliAgrees() {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[0]);
        for (String a : TOKENS) {
            lines.add(new String[] {a});
            for (String b : TOKENS) {
                lines.add(new String[] {a, b});
                for (String c : TOKENS) {
                    lines.add(new String[] {a, b, c});
                }
            }
        }
        int answered = 0;
        for (String[] args : lines) {
            BrokerCommand fast = BrokerArgs.parse(args, 0);
            if (fast == null) {
                continue;
            }
            answered++;
            String line = String.join(" ", args);
            BrokerCommand slow = picocli(args);
            assertThat(slow).as("picocli refuses what the fast reader took: " + line).isNotNull();
            assertSame(fast, slow, line);
        }
        assertThat(answered).isGreaterThan(100);
    }

    private static void assertSame(BrokerCommand fast, BrokerCommand slow, String line) {
        assertThat(fast.configFile).as(line).isEqualTo(slow.configFile);
        assertThat(fast.ports).as(line).isEqualTo(slow.ports);
        assertThat(fast.verbose).as(line).isEqualTo(slow.verbose);
        assertThat(fast.daemon).as(line).isEqualTo(slow.daemon);
    }

    /** What picocli makes of {@code args}, or null if it refuses them or would only print help. */
    private static BrokerCommand picocli(String[] args) {
        BrokerCommand c = new BrokerCommand();
        try {
            CommandLine.ParseResult r = new CommandLine(c).parseArgs(args);
            return r.isUsageHelpRequested() || r.isVersionHelpRequested() ? null : c;
        } catch (CommandLine.ParameterException e) {
            return null;
        }
    }
}
