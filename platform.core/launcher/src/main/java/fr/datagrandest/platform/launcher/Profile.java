package fr.datagrandest.platform.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deployment profile: which bundles start and with which framework properties.
 * <p>
 * The built-in profiles are bnd run descriptors ({@code cnf/profiles/*.bndrun}): their {@code -runbundles}
 * and {@code -runproperties} are read here. A hosting provider's profile file is either such a descriptor or
 * a plain list of bundle symbolic names (one per line, {@code #} for comments, {@code *} as a wildcard), which
 * are started in addition to the kernel and its REST layer ({@code rest}); the shipped bundles they need are
 * added by {@link BundleFolder#withDependencies}.
 */
record Profile(String name, List<String> bundlePatterns, Map<String, String> properties, boolean addDependencies) {

    static Profile load(String nameOrFile, Path profilesDir) throws IOException {
        Path builtIn = profilesDir.resolve(nameOrFile + ".bndrun");
        if (Files.isRegularFile(builtIn)) {
            return fromBndrun(nameOrFile, builtIn);
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("unknown profile '" + nameOrFile + "': neither a built-in profile ("
                    + String.join(", ", builtInNames(profilesDir)) + ") nor a readable file");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.contains("-runbundles")) {
            return fromBndrun(file.getFileName().toString(), file);
        }
        Profile base = kernel(profilesDir);
        Set<String> patterns = new LinkedHashSet<>(base.bundlePatterns());
        for (String line : text.split("\\R")) {
            String entry = line.strip();
            if (!entry.isEmpty() && !entry.startsWith("#")) {
                patterns.add(entry);
            }
        }
        return new Profile(file.getFileName().toString(), List.copyOf(patterns), base.properties(), true);
    }

    /** The bundles that make the kernel: the REST layer profile when shipped, otherwise {@code minimal}. */
    static Profile kernel(Path profilesDir) throws IOException {
        Path rest = profilesDir.resolve("rest.bndrun");
        return Files.isRegularFile(rest) ? fromBndrun("rest", rest) : fromBndrun("minimal", profilesDir.resolve("minimal.bndrun"));
    }

    static List<String> builtInNames(Path profilesDir) throws IOException {
        try (var files = Files.list(profilesDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".bndrun"))
                    .map(n -> n.substring(0, n.length() - ".bndrun".length()))
                    .sorted()
                    .toList();
        }
    }

    private static Profile fromBndrun(String name, Path file) throws IOException {
        Map<String, String> instructions = BndProperties.read(file);
        List<String> bundles = new ArrayList<>();
        for (String clause : BndProperties.clauses(BndProperties.merged(instructions, "-runbundles"))) {
            bundles.add(clause.split(";", 2)[0].strip());
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String clause : BndProperties.clauses(BndProperties.merged(instructions, "-runproperties"))) {
            int eq = clause.indexOf('=');
            if (eq > 0) {
                properties.put(clause.substring(0, eq).strip(), unquote(clause.substring(eq + 1).strip()));
            }
        }
        return new Profile(name, List.copyOf(bundles), properties, false);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
