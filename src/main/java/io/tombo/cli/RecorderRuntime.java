package io.tombo.cli;

import io.tombo.client.ClientOptions;
import io.tombo.client.MqttException;
import io.tombo.config.RecorderConfig;
import io.tombo.recorder.Recorder;
import io.tombo.recorder.SeriesStore;
import io.tombo.recorder.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorder's composition root, shared by {@code tombo broker} (an internal client of its own listener) and
 * {@code tombo recorder} (a client of any broker): the embedded store, the sink registry the rules' record_sink
 * names resolve through, the recorder client.
 */
final class RecorderRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecorderRuntime.class);

    private final List<AutoCloseable> parts;
    private final SeriesStore store;
    private final Recorder recorder;

    private RecorderRuntime(List<AutoCloseable> parts, SeriesStore store, Recorder recorder) {
        this.parts = parts;
        this.store = store;
        this.recorder = recorder;
    }

    /**
     * Starts what {@code config} asks for.
     *
     * @param connection the broker's address and credentials
     * @throws IllegalArgumentException for a rule naming an unknown sink (FILE:LINE)
     * @throws IllegalStateException    when the store cannot be opened
     */
    static RecorderRuntime start(RecorderConfig config, Path persistenceLocation, ClientOptions.Builder connection,
                                 String clientId) throws MqttException {
        List<AutoCloseable> parts = new ArrayList<>();
        SeriesStore store = SeriesStore.open(config.directory(persistenceLocation), config.retention(),
                config.rules(), InstantSource.system());
        parts.add(store);
        store.expireHourly();
        Recorder recorder = null;
        try {
            Map<String, Sink> sinks = new LinkedHashMap<>();
            sinks.put(store.name(), store);
            // remote sinks (sink NAME TYPE blocks) are added here, each also to parts so it is closed
            if (!config.rules().isEmpty()) {
                recorder = Recorder.start(config.rules(), sinks, store, connection, clientId, InstantSource.system());
                parts.add(0, recorder);
            }
        } catch (MqttException | RuntimeException e) {
            closeAll(parts);
            throw e;
        }
        return new RecorderRuntime(parts, store, recorder);
    }

    SeriesStore store() {
        return store;
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
