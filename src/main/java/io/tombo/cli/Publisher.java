package io.tombo.cli;

import io.tombo.client.MqttClient;
import io.tombo.client.MqttException;
import io.tombo.codec.Properties;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One run of {@code tombo pub}: the payload is read before connecting (a missing file fails without touching the
 * network, as mosquitto_pub), then published {@code --repeat} times or once per stdin line, and the program waits
 * for every QoS 1/2 flow to finish before it disconnects. Runs on the main thread.
 */
final class Publisher {
    private final ClientConfig c;
    private final Terminal t;
    private final DebugLog debug;
    private final List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    private int mid;

    Publisher(ClientConfig c, Terminal t) {
        this.c = c;
        this.t = t;
        this.debug = new DebugLog(c.debug, t.out(), "");
    }

    int run() throws ClientSession.Failed {
        byte[] payload = payload();
        MqttClient client = ClientSession.connect(c, debug, t);
        try {
            if (c.messageSource == ClientConfig.MessageSource.STDIN_LINES) {
                publishLines(client);
            } else {
                for (int i = 0; i < c.repeatCount; i++) {
                    if (i > 0 && !c.repeatDelay.isZero()) {
                        pause();
                    }
                    publish(client, payload);
                }
            }
            int code = awaitAll();
            ClientSession.disconnect(client, c, debug);
            return code;
        } catch (IOException e) {
            ClientSession.report(c, t, "Error: " + e.getMessage() + "\n");
            ClientSession.disconnect(client, c, debug);
            return 1;
        }
    }

    private byte[] payload() throws ClientSession.Failed {
        return switch (c.messageSource) {
            case ARGUMENT -> c.message.getBytes(StandardCharsets.UTF_8);
            case EMPTY, STDIN_LINES, NONE -> new byte[0];
            case STDIN_WHOLE -> {
                try {
                    yield t.in().readAllBytes();
                } catch (IOException e) {
                    ClientSession.report(c, t, "Error loading input from stdin.\n");
                    throw new ClientSession.Failed(1);
                }
            }
            case FILE -> {
                try {
                    yield Files.readAllBytes(Path.of(c.file));
                } catch (IOException | RuntimeException e) {
                    ClientSession.report(c, t, "Error: Unable to open file \"" + c.file + "\".\n"
                            + "Error loading input file \"" + c.file + "\".\n");
                    throw new ClientSession.Failed(1);
                }
            }
        };
    }

    private void pause() {
        try {
            Thread.sleep(c.repeatDelay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** -l: each line without its newline; an empty line is an empty message; a last line without newline counts. */
    private void publishLines(MqttClient client) throws IOException {
        InputStream in = t.in();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        boolean pending = false;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                publish(client, line.toByteArray());
                line.reset();
                pending = false;
            } else {
                line.write(b);
                pending = true;
            }
        }
        if (pending) {
            publish(client, line.toByteArray());
        }
    }

    private void publish(MqttClient client, byte[] payload) {
        int id = ++mid;
        Properties props = c.version.isV5() ? c.publishProps.build() : Properties.EMPTY;
        Publish p = new Publish(c.topic, QoS.of(c.qos), c.retain, false, 0, props, payload);
        debug.sending(DebugLog.publish(p, id));
        CompletableFuture<Void> f = client.publish(p).whenComplete((ok, failure) -> acknowledged(id, failure));
        inFlight.add(f); // QoS 0 completes once written: wait for that too before DISCONNECT
    }

    private void acknowledged(int id, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause()
                    : failure;
            if (cause instanceof MqttException e && e.reason() != null) {
                ClientSession.report(c, t, "Warning: Publish " + id + " failed: "
                        + ClientSession.reasonWords(e.reason().value()) + ".\n");
            }
            return;
        }
        if (c.qos == 1) {
            debug.received("PUBACK (Mid: " + id + ", RC:0)");
        } else if (c.qos == 2) {
            debug.received("PUBREC (Mid: " + id + ")");
            debug.sending("PUBREL (m" + id + ")");
            debug.received("PUBCOMP (Mid: " + id + ", RC:0)");
        }
    }

    private int awaitAll() {
        int code = 0;
        for (CompletableFuture<Void> f : inFlight) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof MqttException m) || m.reason() == null) {
                    ClientSession.report(c, t, ClientSession.ioMessage(e.getCause()));
                    code = 1;
                }
            }
        }
        return code;
    }
}
