package fr.datagrandest.platform.launcher;

import java.nio.file.Path;
import java.util.List;

/** The options of {@code dge run}. */
record RunOptions(String profile, int port, Path dataDir, Path home, boolean traceStart) {

    static RunOptions parse(List<String> args) {
        String profile = "all";
        int port = 8080;
        Path data = Path.of("data");
        Path home = Main.home();
        boolean traceStart = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (arg) {
                case "--profile" -> profile = required(arg, value);
                case "--port" -> port = port(required(arg, value));
                case "--data" -> data = Path.of(required(arg, value));
                case "--home" -> home = Path.of(required(arg, value));
                case "--trace-start" -> {
                    traceStart = true;
                    i--;
                }
                default -> throw new IllegalArgumentException("unknown option '" + arg + "' (see dge run --help)");
            }
            i++;
        }
        return new RunOptions(profile, port, data.toAbsolutePath().normalize(), home.toAbsolutePath().normalize(), traceStart);
    }

    private static String required(String option, String value) {
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number between 0 and 65535, not '" + value + "'");
        }
    }
}
