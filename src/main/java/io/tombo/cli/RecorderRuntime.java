package io.tombo.cli;

import io.tombo.client.ClientOptions;
import io.tombo.client.MqttException;
import io.tombo.config.BrokerConfig;
import io.tombo.config.RecorderConfig;
import io.tombo.recorder.HttpApi;
import io.tombo.recorder.HttpCredentials;
import io.tombo.recorder.LiveTopics;
import io.tombo.recorder.Recorder;
import io.tombo.recorder.SeriesStore;
import io.tombo.recorder.Sink;
import io.tombo.recorder.sink.OutboxSink;
import io.tombo.recorder.sink.RemoteSinks;
import io.tombo.security.PasswordFile;
import io.tombo.security.PasswordHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The recorder's composition root, shared by {@code tombo broker} (an internal client of its own listener) and
 * {@code tombo recorder} (a client of any broker): the embedded store, the sink registry the rules' record_sink
 * names resolve through, the recorder client, the HTTP API with its live topic watcher.
 */
final class RecorderRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecorderRuntime.class);

    private final List<AutoCloseable> parts;
    private final SeriesStore store;
    private final Recorder recorder;
    private final HttpApi http;

    private RecorderRuntime(List<AutoCloseable> parts, SeriesStore store, Recorder recorder, HttpApi http) {
        this.parts = parts;
        this.store = store;
        this.recorder = recorder;
        this.http = http;
    }

    /**
     * Starts what {@code config} asks for.
     *
     * @param connection  a new builder with the broker's address and credentials, for each client
     * @param credentials checks HTTP logins; null when the broker allows anonymous clients
     * @throws IllegalArgumentException for a rule naming an unknown sink (FILE:LINE), an HTTP port in use
     * @throws IllegalStateException    when the store or a sink's buffer cannot be opened
     */
    static RecorderRuntime start(RecorderConfig config, Path persistenceLocation,
                                 Supplier<ClientOptions.Builder> connection, String clientId,
                                 HttpCredentials credentials) throws MqttException {
        List<AutoCloseable> parts = new ArrayList<>();
        SeriesStore store = SeriesStore.open(config.directory(persistenceLocation), config.retention(),
                config.rules(), InstantSource.system());
        parts.add(store);
        store.expireHourly();
        Recorder recorder = null;
        HttpApi http = null;
        try {
            Map<String, Sink> sinks = new LinkedHashMap<>();
            sinks.put(store.name(), store);
            // Remote sinks keep their on-disk buffers beside the embedded store; each is closed with the parts.
            List<OutboxSink> remotes = new ArrayList<>();
            for (OutboxSink remote : remoteSinks(config, persistenceLocation)) {
                sinks.put(remote.name(), remote);
                remotes.add(remote);
                parts.add(remote);
            }
            if (!config.rules().isEmpty()) {
                recorder = Recorder.start(config.rules(), sinks, store, connection.get(), clientId,
                        InstantSource.system());
                parts.add(0, recorder);
            }
            if (config.http() != null) {
                LiveTopics live = new LiveTopics(InstantSource.system());
                parts.add(0, live);
                live.connect(connection.get());
                http = HttpApi.start(config.http(), store, live, recorder == null ? null : recorder.counters(),
                        remotes, credentials, InstantSource.system());
                parts.add(0, http);
            }
        } catch (MqttException | RuntimeException e) {
            closeAll(parts);
            throw e;
        } catch (IOException e) {
            closeAll(parts);
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new RecorderRuntime(parts, store, recorder, http);
    }

    /** The {@code sink} blocks, opened: their buffers go beside the embedded store unless configured elsewhere. */
    private static List<OutboxSink> remoteSinks(RecorderConfig config, Path persistenceLocation) {
        try {
            return List.copyOf(RemoteSinks.open(config.sinks(), config.directory(persistenceLocation)).values());
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    SeriesStore store() {
        return store;
    }

    /** Null without http_listener. */
    HttpApi http() {
        return http;
    }

    /** Null when no rule is configured (HTTP only). */
    Recorder recorder() {
        return recorder;
    }

    /** Stops the recorder first, so nothing is handed to a closed sink. */
    @Override
    public void close() {
        closeAll(parts);
    }

    /**
     * HTTP logins for a broker configuration: null (anyone may read) when it allows anonymous clients, else its
     * password_file's users; with no password file nobody can log in, as nobody can connect.
     */
    static HttpCredentials credentials(BrokerConfig config) {
        if (config.allowAnonymous()) {
            return null;
        }
        if (config.passwordFile() == null) {
            log.warn("recorder: allow_anonymous is false and there is no password_file: the HTTP API refuses "
                    + "every login");
            return (user, password) -> false;
        }
        PasswordFile file = PasswordFile.read(config.passwordFile());
        return (user, password) -> {
            PasswordHash hash = file.hash(user);
            return hash != null && hash.matches(password);
        };
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable p : parts) {
            try {
                p.close();
            } catch (Exception e) {
                log.warn("recorder: closing {} failed: {}", p.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
