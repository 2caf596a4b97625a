package fr.datagrandest.platform.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import fr.datagrandest.platform.api.storage.FileStore;

/**
 * Each bundle's documents, under {@code DATA/files/<bundle symbolic name>/}: a bundle-scoped service, so every
 * bundle that gets it has a store of its own, kept across its versions. A key is a relative path; a put writes
 * a temporary file, forces it to disk and renames it over the old one, so a reader sees the old content or the
 * new, never a part, even after a crash.
 */
@Component(service = FileStore.class, scope = ServiceScope.BUNDLE)
public class BundleFileStore implements FileStore {

    /** Temporary files; a key cannot name it, since keys never contain '~'. */
    static final String INCOMING = "~incoming";
    private static final int MAX_KEY_LENGTH = 1024;

    private final Path root;

    @Activate
    public BundleFileStore(BundleContext context, ComponentContext component) {
        this(folderOf(DataFolder.of(context), component.getUsingBundle()));
    }

    BundleFileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    static Path folderOf(Path dataFolder, Bundle bundle) {
        return dataFolder.resolve("files").resolve(bundle.getSymbolicName());
    }

    @Override
    public long put(String key, InputStream content) throws IOException {
        Path target = resolve(key);
        Path incoming = Files.createDirectories(root.resolve(INCOMING)).resolve(UUID.randomUUID() + ".part");
        try {
            long size;
            try (FileChannel channel = FileChannel.open(incoming, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                size = content.transferTo(out);
                channel.force(true);
            }
            moveIntoPlace(incoming, target, key);
            return size;
        } finally {
            Files.deleteIfExists(incoming);
        }
    }

    private void moveIntoPlace(Path incoming, Path target, String key) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException("key " + key + " is a folder of other keys; it cannot hold content too");
        }
        for (int attempt = 0;; attempt++) {
            try {
                Files.createDirectories(target.getParent());
                Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return;
            } catch (NoSuchFileException e) {
                if (attempt > 0) {
                    throw e; // the folder vanished twice: a concurrent delete removed it as empty, try once more only
                }
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new IOException("key " + key + " lies under a key that holds content; a key cannot hold both", e);
            }
        }
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
        Path file = resolve(key);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted in between
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path file = resolve(key);
        if (!Files.isRegularFile(file) || !Files.deleteIfExists(file)) {
            return false;
        }
        // Tidy the folders the key left empty, up to the store's root.
        for (Path folder = file.getParent(); !folder.equals(root); folder = folder.getParent()) {
            try {
                Files.delete(folder);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                break;
            }
        }
        return true;
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String checked = prefix == null ? "" : prefix;
        if (!checked.isEmpty()) {
            checkCharacters(checked, "prefix");
        }
        int slash = checked.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(checked.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"))
                    .filter(key -> !key.startsWith(INCOMING + "/") && key.startsWith(checked))
                    .forEach(keys::add);
        }
        keys.sort(null);
        return keys;
    }

    /** The file of a key, after checking the key's rules. */
    private Path resolve(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a key cannot be empty");
        }
        checkCharacters(key, "key");
        if (key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
            throw new IllegalArgumentException("key " + key + " must be a relative path, without empty parts or a trailing /");
        }
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("key " + key + " leaves the store");
        }
        return file;
    }

    private static void checkCharacters(String text, String what) {
        if (text.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(what + " longer than " + MAX_KEY_LENGTH + " characters");
        }
        if (text.contains("..") || text.equals(".") || text.startsWith("./") || text.contains("/./") || text.endsWith("/.")) {
            throw new IllegalArgumentException(what + " " + text + " is refused: a key is a plain relative path, without . or .. parts");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '-' && c != '_' && c != '.' && c != '/') {
                throw new IllegalArgumentException(what + " " + text + " contains '" + c
                        + "': use letters, digits, - _ . and /");
            }
        }
    }
}
