package io.tombo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tombo pub}: mosquitto_pub. One message from -m, -f, -s or -n (repeated with --repeat), or one per line. */
@Command(name = "pub", description = "Publish a message (as mosquitto_pub).")
final class PubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> unmatched = new ArrayList<>(); // picocli's copy; we read the raw arguments instead

    @Override
    public Integer call() {
        return run(ClientCommand.rawArgs(spec), Terminal.system());
    }

    static int run(List<String> args, Terminal t) {
        try {
            ClientConfig c = ClientCommand.configure(ClientTool.PUB, args, t);
            if (c.topic == null || c.messageSource == ClientConfig.MessageSource.NONE) {
                t.err().print("Error: Both topic and message must be supplied.\n");
                t.out().print(Usage.text(ClientTool.PUB));
                return 1;
            }
            return new Publisher(c, t).run();
        } catch (ClientSession.Failed f) {
            return f.exitCode;
        }
    }
}
