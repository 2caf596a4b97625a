package fr.datagrandest.platform.sdk.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The exit code and the whole output (stdout and stderr) of a command the tests ran. */
record CommandResult(int exitCode, String output) {

    static CommandResult run(ProcessBuilder builder, Duration timeout) throws Exception {
        Path out = Files.createTempFile("dge-command", ".log");
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return new CommandResult(-1, "timed out after " + timeout + ":\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new CommandResult(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The last lines of the output, enough to see why a command failed. */
    String tail() {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }
}
