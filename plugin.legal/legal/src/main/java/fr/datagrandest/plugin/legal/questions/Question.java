package fr.datagrandest.plugin.legal.questions;

import java.time.Instant;
import java.util.List;

/** A partner's legal question, its answer, and whether the answer is published in the FAQ. */
public record Question(long id, String title, String body, String askedBy, String contactEmail, Instant askedAt, String status,
        String answer, String answeredBy, Instant answeredAt, boolean faq, List<String> relatedDocuments, List<String> relatedClauses,
        List<Attachment> attachments) {

    public record Attachment(long id, String filename, String mediaType, long sizeBytes) {
    }

    /** What the FAQ shows: no asker, no e-mail address. */
    public record FaqEntry(long id, String question, String detail, String answer, Instant answeredAt, List<String> relatedDocuments,
            List<String> relatedClauses) {
    }

    public FaqEntry faqEntry() {
        return new FaqEntry(id, title, body, answer, answeredAt, relatedDocuments, relatedClauses);
    }
}
