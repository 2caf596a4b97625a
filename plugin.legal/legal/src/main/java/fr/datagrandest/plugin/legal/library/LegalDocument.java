package fr.datagrandest.plugin.legal.library;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** A document of the resource library, with its attachments (their text stays on the server). */
public record LegalDocument(long id, String slug, String kind, String title, String summary, String body,
        List<String> themes, List<String> audience, String author, LocalDate issued, String licence, String status,
        int version, Instant updatedAt, String updatedBy, List<Attachment> attachments) {

    /** Kinds of documents, as users name them. */
    public static final Set<String> KINDS = Set.of("guide", "fiche", "modele", "decision", "texte");
    public static final Set<String> STATUSES = Set.of("draft", "published", "archived");

    /** An attached file: PDF, DOCX, ODT or Markdown. */
    public record Attachment(long id, String filename, String mediaType, long sizeBytes, String sha256, int pages) {
    }

    /** A past state of the document. */
    public record Version(int version, String title, String status, Instant changedAt, String changedBy, String note) {
    }

    public int year() {
        return issued.getYear();
    }
}
