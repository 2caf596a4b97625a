package fr.datagrandest.platform.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFileStoreTest {

    @TempDir
    Path root;

    @Test
    void putsOpensListsAndDeletes() throws IOException {
        BundleFileStore store = new BundleFileStore(root);

        assertThat(store.put("reports/2024/bilan-ZAN_v1.pdf", text("first"))).isEqualTo(5);
        store.put("reports/2025/délibération.txt", text("second"));
        store.put("readme.txt", text("third"));

        assertThat(read(store.open("reports/2024/bilan-ZAN_v1.pdf"))).isEqualTo("first");
        assertThat(Files.readString(root.resolve("reports/2024/bilan-ZAN_v1.pdf"))).isEqualTo("first");
        assertThat(store.open("reports/none.txt")).isEmpty();
        assertThat(store.open("reports")).isEmpty();
        assertThat(store.list("")).containsExactly("readme.txt", "reports/2024/bilan-ZAN_v1.pdf", "reports/2025/délibération.txt");
        assertThat(store.list("reports/20")).containsExactly("reports/2024/bilan-ZAN_v1.pdf", "reports/2025/délibération.txt");
        assertThat(store.list("reports/2025/")).containsExactly("reports/2025/délibération.txt");
        assertThat(store.list("nothing/here")).isEmpty();

        store.put("readme.txt", text("replaced"));
        assertThat(read(store.open("readme.txt"))).isEqualTo("replaced");

        assertThat(store.delete("reports/2025/délibération.txt")).isTrue();
        assertThat(store.delete("reports/2025/délibération.txt")).isFalse();
        assertThat(root.resolve("reports/2025")).doesNotExist();
        assertThat(root.resolve("reports/2024")).exists();
        assertThat(store.list("")).containsExactly("readme.txt", "reports/2024/bilan-ZAN_v1.pdf");
        assertThat(root.resolve(BundleFileStore.INCOMING)).isEmptyDirectory();
    }

    @Test
    void refusesKeysThatLeaveTheStoreOrBreakTheRules() {
        BundleFileStore store = new BundleFileStore(root.resolve("plugin"));
        for (String bad : new String[] {"../other/secret.txt", "a/../../b", "..", "a/..", "/etc/passwd", "a//b", "a/",
                "", "a\\b", "~incoming/x", "a b", "./a", "a/./b", "x?.txt"}) {
            assertThatThrownBy(() -> store.put(bad, text("x"))).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.list("../")).isInstanceOf(IllegalArgumentException.class);
        assertThat(root.resolve("other")).doesNotExist();
    }

    @Test
    void failedPutKeepsThePreviousContentAndLeavesNoTemporaryFile() throws IOException {
        BundleFileStore store = new BundleFileStore(root);
        store.put("data.csv", text("old"));
        InputStream failing = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 10_000) {
                    return 'x';
                }
                throw new IOException("upload interrupted");
            }
        };

        assertThatThrownBy(() -> store.put("data.csv", failing)).hasMessage("upload interrupted");
        assertThat(read(store.open("data.csv"))).isEqualTo("old");
        assertThat(root.resolve(BundleFileStore.INCOMING)).isEmptyDirectory();
        assertThat(store.list("")).containsExactly("data.csv");
    }

    @Test
    void readersSeeTheOldContentOrTheNewNeverAPart() throws Exception {
        BundleFileStore store = new BundleFileStore(root);
        String a = "a".repeat(200_000);
        String b = "b".repeat(300_000);
        store.put("big.txt", text(a));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<?> writer = threads.submit(() -> {
                start.await();
                for (int i = 0; i < 50; i++) {
                    store.put("big.txt", text(i % 2 == 0 ? b : a));
                }
                return null;
            });
            Future<?> reader = threads.submit(() -> {
                start.await();
                for (int i = 0; i < 200; i++) {
                    String seen = read(store.open("big.txt"));
                    assertThat(seen.equals(a) || seen.equals(b)).as("a whole version, length " + seen.length()).isTrue();
                }
                return null;
            });
            start.countDown();
            writer.get();
            reader.get();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aKeyCannotHoldContentAndOtherKeys() throws IOException {
        BundleFileStore store = new BundleFileStore(root);
        store.put("a/b.txt", text("x"));
        store.put("file", text("y"));

        assertThatThrownBy(() -> store.put("a", text("z"))).isInstanceOf(IOException.class).hasMessageContaining("folder");
        assertThatThrownBy(() -> store.put("file/inside", text("z"))).isInstanceOf(IOException.class);
        assertThat(store.list("")).containsExactly("a/b.txt", "file");
    }

    private static InputStream text(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Optional<InputStream> content) throws IOException {
        try (InputStream in = content.orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
