package fr.datagrandest.platform.sdk.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Maven as a partner runs it, in its own process, with the JDK running these tests and the same local
 * repository (where the platform's artifacts and the plugin template are installed).
 */
final class Maven {

    private Maven() {
    }

    static CommandResult run(Path directory, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-ntp"));
        // Offline when the build running these tests is (mvn -o).
        String outer = System.getenv().getOrDefault("MAVEN_CMD_LINE_ARGS", "");
        if (List.of(outer.trim().split("\\s+")).stream().anyMatch(a -> a.equals("-o") || a.equals("--offline"))) {
            command.add("-o");
        }
        String repository = System.getProperty("dge.maven.repository");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (Runtime.version().feature() >= 24) {
            builder.environment().put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow");
        }
        return CommandResult.run(builder, Duration.ofMinutes(10));
    }

    /** Puts the freshly built plugin template into the local repository, where archetype:generate looks for it. */
    static void installTemplate(Path directory) throws Exception {
        Path jar = Path.of(System.getProperty("dge.archetype.jar", "../archetype/target/platform.sdk.archetype-1.0.0-SNAPSHOT.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the plugin template is not built: " + jar);
        }
        CommandResult installed = run(directory, "org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file", "-Dfile=" + jar,
                "-DgroupId=fr.datagrandest", "-DartifactId=platform.sdk.archetype", "-Dversion=" + platformVersion(),
                "-Dpackaging=jar", "-DgeneratePom=true");
        assertEquals(0, installed.exitCode(), installed.tail());
    }

    static String platformVersion() {
        return System.getProperty("dge.platform.version", "1.0.0-SNAPSHOT");
    }
}
