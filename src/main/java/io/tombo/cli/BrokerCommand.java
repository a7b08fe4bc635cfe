package io.tombo.cli;

import io.tombo.client.ClientOptions;
import io.tombo.client.MqttException;
import io.tombo.config.BrokerConfig;
import io.tombo.config.ConfigException;
import io.tombo.config.ConfigParser;
import io.tombo.config.RecorderConfig;
import io.tombo.listener.MqttServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code tombo broker}: Mosquitto's command line. {@code -c} reads a mosquitto.conf, {@code -p} adds listeners,
 * {@code -v} turns on every log type, {@code -d} detaches into the background. SIGHUP re-reads what Mosquitto
 * re-reads, SIGTERM and SIGINT stop gracefully.
 */
@Command(name = "broker", mixinStandardHelpOptions = true, description = "Run the MQTT broker (as mosquitto).")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config-file"}, paramLabel = "FILE", description = "mosquitto.conf to read")
    Path configFile;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "listen on PORT as well (may repeat); without -c it binds 127.0.0.1 only, as Mosquitto 2")
    List<Integer> ports = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "log every message type (overrides log_type), as mosquitto -v")
    boolean verbose;

    @Option(names = {"-d", "--daemon"}, description = "run in the background")
    boolean daemon;

    @Override
    public Integer call() throws Exception {
        if (daemon) {
            return Daemon.detach();
        }
        if (configFile != null && !java.nio.file.Files.isReadable(configFile)) {
            System.err.println("Error: Unable to open config file " + configFile + ".");
            return 1;
        }
        BrokerConfig config;
        try {
            config = configFile == null ? ConfigParser.defaults() : ConfigParser.parse(configFile);
            for (int port : ports) {
                config = config.withPort(port);
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            return 3;
        }
        // SIGHUP's JVM default is to exit: take it over before the listeners open, so an early reload is no stop
        AtomicReference<Runnable> onHangup = new AtomicReference<>(() -> { });
        Signals.onHangup(() -> onHangup.get().run());
        LogSetup logs = new LogSetup(config.log(), verbose);
        logs.apply();
        Logger log = LoggerFactory.getLogger(BrokerCommand.class);
        log.info("tombo version 0.1.0 starting");
        config.notices().forEach(n -> log.info("{}", n));

        if (configFile != null) {
            log.info("Config loaded from {}.", configFile);
        } else {
            log.info("Using default config.");
        }
        // SIGINT/SIGTERM may come as soon as the port accepts: the shutdown hook is in place before it does
        Shutdown shutdown = new Shutdown(log, logs, config.pidFile());
        Thread hook = new Thread(shutdown, "tombo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        MqttServer server;
        try {
            server = MqttServer.start(config);
        } catch (IllegalArgumentException e) {
            log.error("Error: {}", e.getMessage());
            return failed(hook, logs, 3);
        } catch (Exception e) {
            log.error("Error: could not start the broker: {}", e instanceof IllegalStateException ? e.getMessage() : e.toString());
            return failed(hook, logs, 1);
        }
        shutdown.server = server;
        logs.topicSink(server.broker()::publishLog);
        RecorderRuntime recorder;
        try {
            recorder = startRecorder(config, server);
        } catch (MqttException | IllegalArgumentException | IllegalStateException e) {
            log.error("Error: recorder: {}", e.getMessage());
            server.shutdown();
            return failed(hook, logs, 3);
        }
        shutdown.recorder = recorder;
        if (!writePidFile(config.pidFile(), log)) {
            server.close();
            return failed(hook, logs, 1);
        }
        shutdown.pidWritten = true;
        onHangup.set(() -> reload(server, logs, log));
        shutdown.stopped.await();
        return 0;
    }

    /** A start that failed says so through its exit status, not through a shutdown as if it had run. */
    private static int failed(Thread hook, LogSetup logs, int status) {
        logs.flush();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDownAlready) {
            // a signal came first: the hook runs and finds what was started
        }
        return status;
    }

    /**
     * SIGTERM/SIGINT: the recorder stops acknowledging, every client is disconnected as by a shutting-down server,
     * the pid file goes. Registered before the listeners open; it stops whatever had started when the signal came.
     */
    private static final class Shutdown implements Runnable {
        private final Logger log;
        private final LogSetup logs;
        private final Path pidFile;
        final CountDownLatch stopped = new CountDownLatch(1);
        volatile MqttServer server;
        volatile RecorderRuntime recorder;
        volatile boolean pidWritten;

        Shutdown(Logger log, LogSetup logs, Path pidFile) {
            this.log = log;
            this.logs = logs;
            this.pidFile = pidFile;
        }

        @Override
        public void run() {
            log.info("tombo version 0.1.0 terminating");
            RecorderRuntime r = recorder;
            if (r != null) {
                r.close(); // first: it acknowledges nothing more, and its session keeps the rest
            }
            MqttServer s = server;
            if (s != null) {
                s.shutdown();
            }
            if (pidWritten) {
                deletePidFile(pidFile);
            }
            logs.flush(); // the JVM halts when this hook returns, before the linger would have
            stopped.countDown();
        }
    }

    /**
     * SIGHUP: re-read the file, and the password and ACL files it names; logging, limits and security settings
     * change, listeners stay bound, connected clients stay unless the new files refuse them.
     */
    private void reload(MqttServer server, LogSetup logs, Logger log) {
        log.info("Reloading config.");
        if (configFile == null) {
            logs.reload(ConfigParser.defaults().log(), verbose); // reopens a log file moved by logrotate
            return;
        }
        try {
            BrokerConfig fresh = ConfigParser.parse(configFile);
            for (int port : ports) {
                fresh = fresh.withPort(port);
            }
            server.reload(fresh); // first: a bad password, ACL or certificate file leaves everything as it was
            logs.reload(fresh.log(), verbose);
        } catch (ConfigException | IllegalArgumentException e) {
            log.error("Error reloading config: {}; keeping the running configuration", e.getMessage());
        }
    }

    /**
     * The internal recorder, when the configuration has record rules or an http_listener: a client of the broker's
     * first plain MQTT listener, logging in as record_username when set.
     */
    private static RecorderRuntime startRecorder(BrokerConfig config, MqttServer server) throws MqttException {
        RecorderConfig rc = config.recorder();
        if (!rc.enabled()) {
            return null;
        }
        InetSocketAddress address = server.plainAddress().orElseThrow(() -> new IllegalArgumentException(
                "record rules need a plain MQTT listener (no TLS, WebSocket, PROXY protocol or mount point) for "
                        + "the internal recorder to connect to; or run 'tombo recorder' against this broker"));
        return RecorderRuntime.start(rc, config.persistenceLocation(),
                () -> ClientOptions.builder().host(address.getAddress().getHostAddress()).port(address.getPort())
                        .username(rc.username())
                        .password(rc.password() == null ? null : rc.password().getBytes(StandardCharsets.UTF_8)),
                "tombo-recorder", RecorderRuntime.credentials(config));
    }

    /** Mosquitto stops when it cannot write its pid file: a service manager would lose track of it. */
    private static boolean writePidFile(Path pidFile, Logger log) {
        if (pidFile == null) {
            return true;
        }
        try {
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
            return true;
        } catch (IOException e) {
            log.error("Error: Unable to write pid file {}: {}", pidFile, e.getMessage());
            return false;
        }
    }

    private static void deletePidFile(Path pidFile) {
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // the process is ending; a stale pid file is harmless
            }
        }
    }
}
