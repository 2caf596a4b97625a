package fr.datagrandest.plugin.legal.library;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentIndexTest {

    @TempDir
    Path folder;

    static LegalDocument document(long id, String title, String status) {
        return new LegalDocument(id, "doc-" + id, "fiche", title, "", "", List.of("licences"), List.of("collectivités"), "test",
                LocalDate.of(2025, 1, 1), "etalab-2.0", status, 1, Instant.EPOCH, "test", List.of());
    }

    static DocumentIndex.SearchRequest request(String text) {
        return new DocumentIndex.SearchRequest(text, Map.of(), List.of("published"), 0, 10);
    }

    @Test
    void frenchSearchIgnoresAccentsPluralsAndElisions() throws Exception {
        try (DocumentIndex index = new DocumentIndex(folder)) {
            index.put(document(1, "L'anonymisation des données personnelles", "published"), "");
            index.put(document(2, "Brouillon sur les données", "draft"), "");
            index.commit();
            assertEquals(1, index.search(request("donnee personnelle")).total());
            assertEquals(1, index.search(request("anonymisation")).total());
            assertEquals(1, index.search(request("DONNÉES")).total(), "drafts are filtered by status");
        }
    }

    @Test
    void anInterruptedSearchDoesNotBreakTheIndexForOthers() throws Exception {
        try (DocumentIndex index = new DocumentIndex(folder)) {
            index.put(document(1, "Licence ouverte", "published"), "texte de la pièce jointe");
            index.commit();
            Thread interrupted = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    index.search(request("licence"));
                } catch (Exception ignored) {
                    // the interrupted caller may fail; the others must not
                }
            });
            interrupted.start();
            interrupted.join();
            assertEquals(1, index.search(request("licence")).total());
            assertEquals(1, index.search(request("jointe")).total());
        }
    }
}
