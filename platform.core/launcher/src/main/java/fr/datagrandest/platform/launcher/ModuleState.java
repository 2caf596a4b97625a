package fr.datagrandest.platform.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The desired state of the modules, as the module manager last committed it to
 * {@code DATA/modules/state.properties} (written to a temporary file, then renamed, so it is always whole).
 * Keys are {@code module.<symbolic name>.<field>}; fields: {@code file} (a jar in {@code DATA/modules/store}),
 * {@code stopped}, {@code removed}.
 */
final class ModuleState {

    record Module(String file, boolean stopped, boolean removed) {
    }

    private ModuleState() {
    }

    static Map<String, Module> read(Path dataDir) throws IOException {
        Path file = dataDir.resolve("modules").resolve("state.properties");
        Map<String, Module> modules = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return modules;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("module.")) {
                continue;
            }
            int lastDot = key.lastIndexOf('.');
            String bsn = key.substring("module.".length(), lastDot);
            if (bsn.isEmpty() || modules.containsKey(bsn)) {
                continue;
            }
            String prefix = "module." + bsn + ".";
            modules.put(bsn, new Module(properties.getProperty(prefix + "file"),
                    Boolean.parseBoolean(properties.getProperty(prefix + "stopped")),
                    Boolean.parseBoolean(properties.getProperty(prefix + "removed"))));
        }
        return modules;
    }
}
