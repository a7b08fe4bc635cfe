package io.tombo.it.security;

import io.tombo.it.BrokerUnderTest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code python/login.py} with Debian's python3 and paho 1.6 against a broker; returns its output lines. */
final class Python {
    private Python() {
    }

    static List<String> login(BrokerUnderTest broker, Map<String, String> env) throws IOException,
            InterruptedException, URISyntaxException {
        Path script = Path.of(Python.class.getResource("/python/login.py").toURI());
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("BROKER_HOST", broker.host());
        pb.environment().put("BROKER_PORT", Integer.toString(broker.port()));
        pb.environment().put("PYTHONUNBUFFERED", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(done).as("login.py finished; output: %s", out).isTrue();
        assertThat(p.exitValue()).as("login.py exit status; output: %s", out).isZero();
        return out.lines().toList();
    }
}
