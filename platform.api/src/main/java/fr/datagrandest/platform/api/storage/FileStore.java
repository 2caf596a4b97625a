package fr.datagrandest.platform.api.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A place for documents (attachments, uploaded files, originals), private to the bundle that gets the
 * service. Keys are relative paths made of letters, digits, {@code - _ .} and {@code /}; a key with
 * {@code ..} is refused. A {@link #put} is atomic: readers see the old content or the new, never a part.
 */
@ProviderType
public interface FileStore {

    /** Stores the content under the key, replacing any previous content, and returns its size in bytes. */
    long put(String key, InputStream content) throws IOException;

    /** Opens the content stored under the key, if any. The caller closes the stream. */
    Optional<InputStream> open(String key) throws IOException;

    /** Removes the key; returns false when nothing was stored under it. */
    boolean delete(String key) throws IOException;

    /** The keys that start with the prefix, in lexical order. */
    List<String> list(String prefix) throws IOException;
}
