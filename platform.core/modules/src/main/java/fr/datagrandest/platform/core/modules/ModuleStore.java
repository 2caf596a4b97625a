package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The desired state of the modules, on disk: jars by SHA-256 in {@code DATA/modules/store}, and
 * {@code DATA/modules/state.properties} saying which jar each module runs, whether it is stopped or removed,
 * where it came from, and the previous versions kept for rollback.
 * <p>
 * The launcher rebuilds the framework from this file at every start. It is replaced with an atomic rename
 * after the change it describes succeeded, so a crash at any point leaves either the old state or the new one.
 */
final class ModuleStore {

    /** One module's recorded state. {@code history} holds previous jars, newest first. */
    record Entry(String file, String source, boolean stopped, boolean removed, List<String> history) {

        Entry {
            history = List.copyOf(history);
        }

        static Entry shipped() {
            return new Entry(null, "profile", false, false, List.of());
        }

        Entry withStopped(boolean value) {
            return new Entry(file, source, value, removed, history);
        }
    }

    private final Path root;
    private final Path store;
    private final Path stateFile;
    private Map<String, Entry> cached;

    ModuleStore(Path dataDir) throws IOException {
        this.root = dataDir.resolve("modules");
        this.store = root.resolve("store");
        this.stateFile = root.resolve("state.properties");
        Files.createDirectories(store);
    }

    Path incomingFolder() {
        return root.resolve("incoming");
    }

    Path jar(String file) {
        return store.resolve(file);
    }

    /** Moves a checked jar into the store under its SHA-256 and forces it to disk; returns its store name. */
    String keep(Path jar, String sha256) throws IOException {
        String name = sha256 + ".jar";
        Path target = store.resolve(name);
        if (Files.exists(target)) {
            Files.deleteIfExists(jar);
        } else {
            force(jar);
            moveAtomically(jar, target);
            forceDirectory(store);
        }
        return name;
    }

    /** Copies a jar that is already somewhere safe (a shipped bundle) into the store. */
    String copyIn(Path jar) throws IOException {
        String sha = ModuleJar.sha256(jar);
        Path target = store.resolve(sha + ".jar");
        if (!Files.exists(target)) {
            Path temporary = Files.createTempFile(store, "copy-", ".part");
            Files.copy(jar, temporary, StandardCopyOption.REPLACE_EXISTING);
            return keep(temporary, sha);
        }
        return sha + ".jar";
    }

    /**
     * The recorded state. This store is the file's only writer while the platform runs, so the file is parsed
     * once and the copy kept in step by {@link #put}: {@code /health} and {@code /metrics} do not read the disk.
     */
    synchronized Map<String, Entry> read() throws IOException {
        if (cached == null) {
            cached = Map.copyOf(parse());
        }
        return new TreeMap<>(cached);
    }

    private Map<String, Entry> parse() throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        if (!Files.isRegularFile(stateFile)) {
            return entries;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Set<String> names = new HashSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("module.") && key.lastIndexOf('.') > "module.".length()) {
                names.add(key.substring("module.".length(), key.lastIndexOf('.')));
            }
        }
        for (String bsn : names) {
            String prefix = "module." + bsn + ".";
            String history = properties.getProperty(prefix + "history", "");
            entries.put(bsn, new Entry(properties.getProperty(prefix + "file"),
                    properties.getProperty(prefix + "source", "profile"),
                    Boolean.parseBoolean(properties.getProperty(prefix + "stopped")),
                    Boolean.parseBoolean(properties.getProperty(prefix + "removed")),
                    history.isBlank() ? List.of() : Arrays.asList(history.split(","))));
        }
        return entries;
    }

    Optional<Entry> get(String bsn) throws IOException {
        return Optional.ofNullable(read().get(bsn));
    }

    /** Records one module's new state; {@code null} forgets the module. Committed by an atomic rename. */
    synchronized void put(String bsn, Entry entry) throws IOException {
        Map<String, Entry> entries = read();
        if (entry == null) {
            entries.remove(bsn);
        } else {
            entries.put(bsn, entry);
        }
        write(entries);
        cached = Map.copyOf(entries);
        collectGarbage(entries);
    }

    private void write(Map<String, Entry> entries) throws IOException {
        Properties properties = new Properties();
        entries.forEach((bsn, e) -> {
            String prefix = "module." + bsn + ".";
            if (e.file() != null) {
                properties.setProperty(prefix + "file", e.file());
            }
            properties.setProperty(prefix + "source", e.source());
            properties.setProperty(prefix + "stopped", Boolean.toString(e.stopped()));
            properties.setProperty(prefix + "removed", Boolean.toString(e.removed()));
            properties.setProperty(prefix + "history", String.join(",", e.history()));
        });
        Path temporary = Files.createTempFile(root, "state-", ".part");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            properties.store(out, "Desired state of the modules, written by the module manager. Do not edit while the platform runs.");
        }
        force(temporary);
        moveAtomically(temporary, stateFile);
        forceDirectory(root);
    }

    /** Removes stored jars no module runs or keeps for rollback. */
    private void collectGarbage(Map<String, Entry> entries) throws IOException {
        Set<String> referenced = new HashSet<>();
        entries.values().forEach(e -> {
            if (e.file() != null) {
                referenced.add(e.file());
            }
            referenced.addAll(e.history());
        });
        List<Path> unused = new ArrayList<>();
        try (var files = Files.list(store)) {
            files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !referenced.contains(p.getFileName().toString()))
                    .forEach(unused::add);
        }
        for (Path p : unused) {
            Files.deleteIfExists(p);
        }
    }

    private static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be synced; the rename is still atomic.
        }
    }
}
