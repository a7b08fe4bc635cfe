package io.tombo.cli;

import io.tombo.client.ClientOptions;
import io.tombo.client.MqttException;
import io.tombo.config.BrokerConfig;
import io.tombo.config.ConfigException;
import io.tombo.config.ConfigParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tombo recorder}: the telemetry recorder as a client of any broker (Mosquitto included), with the
 * {@code record} rules and {@code http_listener} of a configuration file.
 */
@Command(name = "recorder", description = "Record telemetry from any MQTT broker into the embedded series store "
        + "and serve the query API and dashboard.")
final class RecorderCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config-file"}, paramLabel = "FILE", required = true,
            description = "configuration with record rules (mosquitto.conf syntax)")
    Path configFile;

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", defaultValue = "localhost", description = "broker host")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "1883", description = "broker port")
    int port;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "username at the broker")
    String username;

    @Option(names = {"-P", "--pw"}, paramLabel = "PASSWORD", description = "password at the broker")
    String password;

    @Option(names = {"-i", "--id"}, paramLabel = "ID", defaultValue = "tombo-recorder",
            description = "client id: the name of the recorder's persistent session (default tombo-recorder)")
    String clientId;

    @Option(names = "--help", usageHelp = true, description = "show this help and exit")
    boolean help;

    @Override
    public Integer call() throws Exception {
        BrokerConfig config;
        try {
            config = ConfigParser.parse(configFile);
        } catch (ConfigException e) {
            System.err.println("Error: " + e.getMessage());
            return 3;
        }
        LogSetup logs = new LogSetup(config.log(), false);
        logs.apply();
        Logger log = LoggerFactory.getLogger(RecorderCommand.class);
        if (!config.recorder().enabled()) {
            System.err.println("Error: " + configFile + " has no record rule and no http_listener");
            return 3;
        }
        RecorderRuntime runtime;
        try {
            runtime = RecorderRuntime.start(config.recorder(), config.persistenceLocation(),
                    () -> ClientOptions.builder().host(host).port(port).username(username)
                            .password(password == null ? null : password.getBytes(StandardCharsets.UTF_8)),
                    clientId, RecorderRuntime.credentials(config));
        } catch (MqttException e) {
            logs.flush(); // the lines before the error, before it
            System.err.println("Error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException e) {
            logs.flush();
            System.err.println("Error: " + e.getMessage());
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("recorder terminating");
            runtime.close();
            logs.flush(); // the JVM halts when this hook returns, before the linger would have
            stopped.countDown();
        }, "tombo-shutdown"));
        stopped.await();
        return 0;
    }
}
