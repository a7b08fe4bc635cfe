package io.tombo.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Options file first, then the command line, then the final checks: Mosquitto's client_config_load. */
final class ConfigLoader {
    private ConfigLoader() {
    }

    static ClientConfig load(ClientTool tool, List<String> args, Map<String, String> env) throws UsageError {
        ClientConfig c = new ClientConfig(tool);
        Path file = OptionsFile.location(tool, env);
        for (List<String> line : OptionsFile.read(file)) {
            ClientArgs.apply(c, line);
            if (c.help) {
                return c;
            }
        }
        ClientArgs.apply(c, args);
        if (c.help) {
            return c;
        }
        ClientArgs.finish(c);
        return c;
    }
}
