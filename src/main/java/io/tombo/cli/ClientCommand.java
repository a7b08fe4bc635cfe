package io.tombo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * What pub, sub and rr share before they connect: the raw arguments (as typed, before picocli's {@code @file}
 * expansion and {@code --} handling, which Mosquitto has neither of), the options file, {@code --help}, argument
 * errors with the usage hint, and the options Tombo's client cannot honour yet.
 */
final class ClientCommand {
    private ClientCommand() {
    }

    /** The arguments after the subcommand's name, exactly as given to the program. */
    static List<String> rawArgs(CommandSpec spec) {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        List<String> all = root.getParseResult().originalArgs();
        if (root == spec.commandLine()) {
            return all;
        }
        int at = all.indexOf(spec.name());
        return at < 0 ? List.of() : new ArrayList<>(all.subList(at + 1, all.size()));
    }

    /** The configuration, or a {@link ClientSession.Failed} after printing what Mosquitto prints. */
    static ClientConfig configure(ClientTool tool, List<String> args, Terminal t) throws ClientSession.Failed {
        ClientConfig c;
        try {
            c = ConfigLoader.load(tool, args, t.env());
            if (!c.help) {
                refuseUnsupported(c);
            }
        } catch (UsageError e) {
            t.err().print(e.text());
            if (e.hint()) {
                t.err().print("\nUse '" + tool.displayName() + " --help' to see usage.\n");
            }
            t.err().flush();
            throw new ClientSession.Failed(1);
        }
        if (c.help) {
            t.out().print(Usage.text(tool));
            t.out().flush();
            throw new ClientSession.Failed(1);
        }
        return c;
    }

    /** Options Mosquitto has that Tombo's client library does not offer: refused rather than silently ignored. */
    private static void refuseUnsupported(ClientConfig c) throws UsageError {
        String option = c.bindAddress != null ? "-A"
                : c.psk != null ? "--psk"
                : c.proxy != null ? "--proxy"
                : c.ciphers != null ? "--ciphers"
                : c.tlsAlpn != null ? "--tls-alpn"
                : c.tlsEngine != null ? "--tls-engine"
                : c.keyform != null && !c.keyform.equals("pem") ? "--keyform"
                : null;
        if (option != null) {
            throw new UsageError("Error: " + option + " is not supported by tombo.\n", true);
        }
    }
}
