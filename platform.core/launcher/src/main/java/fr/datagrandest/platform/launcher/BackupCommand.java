package fr.datagrandest.platform.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * {@code dge backup FILE} and {@code dge restore FILE}: a zip of the data folder (database, documents,
 * configuration, deployed modules), without the framework cache. Both need the platform stopped, which they
 * check through the lock the running platform holds on {@code DATA/.lock}. Restore unpacks into a new folder
 * and swaps it in with renames, so an interrupted restore leaves the previous data in place.
 */
final class BackupCommand {

    /** First entry of every backup: what tells a backup from any other zip. */
    static final String MARKER = "dge-backup.properties";

    private final PrintStream out;
    private final PrintStream err;

    BackupCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String command, List<String> args) throws IOException {
        Path data = Path.of("data");
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--data") && i + 1 < args.size()) {
                data = Path.of(args.get(++i));
            } else if (file == null && !args.get(i).startsWith("--")) {
                file = Path.of(args.get(i));
            } else {
                throw new IllegalArgumentException("usage: dge " + command + " FILE [--data DIR]");
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("usage: dge " + command + " FILE [--data DIR]");
        }
        data = data.toAbsolutePath().normalize();
        if (command.equals("backup")) {
            if (!Files.isDirectory(data)) {
                throw new IllegalArgumentException("no data folder at " + data);
            }
            try (DataLock lock = DataLock.acquire(data)) {
                backup(data, file);
            }
            out.println("Backup of " + data + " written to " + file);
        } else {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such backup file: " + file);
            }
            Files.createDirectories(data);
            try (DataLock lock = DataLock.acquire(data)) {
                restore(file, data);
            }
            out.println("Restored " + file + " into " + data);
        }
        return 0;
    }

    static void backup(Path data, Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".part");
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(data)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !data.relativize(p).startsWith("cache"))
                    .filter(p -> !p.getFileName().toString().equals(DataLock.FILE_NAME))
                    .sorted()
                    .forEach(files::add);
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(temporary))) {
            // The marker restore looks for first: without it, a zip is not one of our backups.
            zip.putNextEntry(new ZipEntry(MARKER));
            zip.write(("format=1\ncreated=" + java.time.Instant.now() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Path path : files) {
                zip.putNextEntry(new ZipEntry(data.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, zip);
                zip.closeEntry();
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void restore(Path file, Path data) throws IOException {
        Path staging = data.resolveSibling(data.getFileName() + ".restoring");
        deleteTree(staging);
        Files.createDirectories(staging);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry first = zip.getNextEntry();
            if (first == null || !first.getName().equals(MARKER)) {
                throw new IllegalArgumentException("not a backup made by dge backup (" + file.getFileName()
                        + " has no " + MARKER + "): nothing was changed");
            }
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IllegalArgumentException("refused: the backup holds an entry outside the data folder: "
                            + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(zip, target);
                }
            }
        } catch (java.util.zip.ZipException e) {
            deleteTree(staging);
            throw new IllegalArgumentException("not a backup made by dge backup: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            deleteTree(staging);
            throw e;
        }
        // Keep the lock file, swap the rest: previous content moves aside, then is removed.
        Path previous = data.resolveSibling(data.getFileName() + ".before-restore");
        deleteTree(previous);
        Files.createDirectories(previous);
        try (var entries = Files.list(data)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (!p.getFileName().toString().equals(DataLock.FILE_NAME)) {
                    Files.move(p, previous.resolve(p.getFileName()));
                }
            }
        }
        try (var entries = Files.list(staging)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                Files.move(p, data.resolve(p.getFileName()));
            }
        }
        deleteTree(staging);
        deleteTree(previous);
    }

    private static void copy(InputStream in, Path target) throws IOException {
        try (OutputStream os = Files.newOutputStream(target)) {
            in.transferTo(os);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** The lock a running platform holds on its data folder. */
    static final class DataLock implements AutoCloseable {
        static final String FILE_NAME = ".lock";
        private final FileChannel channel;
        private final FileLock lock;

        private DataLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static DataLock acquire(Path data) throws IOException {
            FileChannel channel = FileChannel.open(data.resolve(FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalArgumentException("a platform is running on " + data + ": stop it first");
            }
            return new DataLock(channel, lock);
        }

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }
}
