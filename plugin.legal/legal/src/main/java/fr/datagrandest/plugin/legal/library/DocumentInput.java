package fr.datagrandest.plugin.legal.library;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What an editor sends to create or change a document; {@link #validated()} says what is wrong. */
public record DocumentInput(String slug, String kind, String title, String summary, String body, List<String> themes,
        List<String> audience, String author, LocalDate issued, String licence, String status) {

    /** Checks every field and returns a normalised copy, or throws an IllegalArgumentException naming the faults. */
    public DocumentInput validated() {
        List<String> faults = new ArrayList<>();
        if (kind == null || !LegalDocument.KINDS.contains(kind)) {
            faults.add("kind must be one of " + LegalDocument.KINDS.stream().sorted().toList());
        }
        if (title == null || title.isBlank() || title.length() > 300) {
            faults.add("title is required (at most 300 characters)");
        }
        if (status != null && !LegalDocument.STATUSES.contains(status)) {
            faults.add("status must be one of draft, published, archived");
        }
        if (licence != null && licence.length() > 40) {
            faults.add("licence must be an identifier of at most 40 characters");
        }
        if (slug != null && !slug.matches("[a-z0-9][a-z0-9-]{0,118}")) {
            faults.add("slug must be lower-case letters, digits and '-' (at most 119 characters)");
        }
        List<String> cleanThemes = clean(themes, "themes", faults);
        List<String> cleanAudience = clean(audience, "audience", faults);
        if (!faults.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", faults));
        }
        return new DocumentInput(slug, kind, title.strip(), summary == null ? "" : summary.strip(),
                body == null ? "" : body, cleanThemes, cleanAudience, author == null || author.isBlank() ? "Équipe juridique" : author.strip(),
                issued == null ? LocalDate.now() : issued, licence == null || licence.isBlank() ? "etalab-2.0" : licence.strip(),
                status == null ? "draft" : status);
    }

    private static List<String> clean(List<String> values, String name, List<String> faults) {
        if (values == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            String v = value.strip();
            if (v.length() > 60 || v.contains(",")) {
                faults.add(name + " entries are at most 60 characters without commas");
                return List.of();
            }
            out.add(v);
        }
        return out;
    }
}
